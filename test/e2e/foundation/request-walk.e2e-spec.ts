import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureBuilt } from '../../support/process-app.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The `src/` files the README's walk counts: every backticked path with a folder in its numbered steps. */
function walkFiles(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### One request, controller to ledger');
  const section = readme.slice(start, readme.indexOf('\n#', start + 4));
  const steps = section.split('\n\n').filter((block) => /^\d+\. /.test(block.trim()));
  const files = new Set<string>();
  for (const block of steps) for (const m of block.matchAll(/`([a-z-]+\/[\w./-]+\.ts)`/g)) files.add(`src/${m[1]}`);
  return [...files];
}

describe('the README walks one chat request through the files that run it', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('names at most 15 files of src/, each one that the request runs (measured by V8 coverage on the built gateway)', async () => {
    const walk = walkFiles();
    expect(walk.length).toBeGreaterThanOrEqual(10); // the section was found and read
    expect(walk.length).toBeLessThanOrEqual(15);
    for (const file of walk) expect({ file, exists: existsSync(join(ROOT, file)) }).toEqual({ file, exists: true });

    const { stdout } = await promisify(execFile)(process.execPath, ['bench/request-files.mjs', 'chat', 'nonstream', '--json'], { cwd: ROOT, timeout: 90_000 });
    const measured = JSON.parse(stdout.trim().split('\n').pop()!) as { files: string[]; requestWindow: string[] };
    expect(measured.files.length).toBeGreaterThan(walk.length); // helpers, lookups and listeners run too
    expect(walk.filter((file) => !measured.requestWindow.includes(file))).toEqual([]);
  }, 120_000);
});
