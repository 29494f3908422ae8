// The dashboard's API types (web/src/api/openapi.gen.ts) are generated from the server's OpenAPI document: this renders
// them again from the document the app serves now and fails, naming the command to run, when the checked-in file differs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TYPES_COMMAND, API_TYPES_PATH, renderApiTypes } from '../../../scripts/web/api-types.render.mjs';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('the web dashboard API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it(`are what ${API_TYPES_COMMAND} generates from /docs-json`, async () => {
    const res = await fetch(`${t.url}/docs-json`);
    expect(res.status).toBe(200);
    const expected = await renderApiTypes((await res.json()) as object);
    const checkedIn = readFileSync(join(process.cwd(), API_TYPES_PATH), 'utf8');
    if (checkedIn !== expected) throw new Error(`${API_TYPES_PATH} is not what the server's OpenAPI document gives: run \`${API_TYPES_COMMAND}\` and commit the result`);
  });
});
