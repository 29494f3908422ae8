import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../../../src/config/index.js';
import { BUNDLED_SNAPSHOT_URL } from '../../../src/registry/registry.options.js';
import { DEFAULT_REGISTRY_OPTIONS, RegistryService } from '../../../src/registry/index.js';
import { metaUrlFor, readSnapshotMeta } from '../../../src/registry/snapshot.meta.js';
import { SMALL_CATALOG } from '../../support/catalogs.js';

describe('the bundled snapshot says how old it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gg-meta-'));
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads as_of and origin from the sidecar next to the snapshot', () => {
    expect(metaUrlFor(BUNDLED_SNAPSHOT_URL).href).toMatch(/models-dev\.snapshot\.meta\.json$/);
    expect(readSnapshotMeta(BUNDLED_SNAPSHOT_URL)).toEqual({ asOf: Date.parse('2026-07-02T00:00:00Z'), origin: 'models.dev @f3fc692' });
  });

  it('is unknown (null) without a sidecar', () => {
    expect(readSnapshotMeta(SMALL_CATALOG)).toBeNull();
  });

  it('RegistryService.asOf(): the snapshot day for the bundled catalog, not the start time', () => {
    const config = new AppConfig();
    config.registry.url = '';
    config.runtime.data_dir = dir;
    const service = new RegistryService(config, DEFAULT_REGISTRY_OPTIONS);
    try {
      expect(service.info()).toMatchObject({ source: 'bundled', models: 526 });
      expect(service.asOf()).toBe(Date.parse('2026-07-02T00:00:00Z'));
      expect(service.lookup('openai', 'gpt-4.1')?.price).toEqual({ input: 2, output: 8, cacheRead: 0.5 });
    } finally {
      service.onModuleDestroy();
    }
  });
});
