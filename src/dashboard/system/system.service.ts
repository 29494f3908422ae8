import { Injectable } from '@nestjs/common';
import { DatabaseInfo } from '../../database/index.js';
import { ProviderRegistry } from '../../providers/index.js';
import { RegistryService } from '../../registry/index.js';
import { STARTED_AT, VERSION } from '../../version.js';

export interface SystemInfo {
  version: string;
  uptime_seconds: number;
  pid: number;
  node_version: string;
  database: { kind: 'sqlite' | 'postgres'; size_bytes: number | null };
  /** age_seconds: how old the catalog's data is (since as_of: the bundled snapshot's day, or the download). */
  registry: { source: string | null; loaded_at: string | null; as_of: string | null; age_seconds: number | null; models: number };
  providers: Array<{ name: string; kind: string; state: string }>;
}

/** GET /api/system: what is running, on what, and how healthy its providers are. */
@Injectable()
export class SystemService {
  constructor(
    private readonly database: DatabaseInfo,
    private readonly catalog: RegistryService,
    private readonly providers: ProviderRegistry,
  ) {}

  async info(now = Date.now()): Promise<SystemInfo> {
    const size = await this.database.sizeBytes().catch(() => null);
    const loaded = this.catalog.isLoaded() ? this.catalog.info() : null;
    const asOf = loaded ? this.catalog.asOf() : null;
    return {
      version: VERSION,
      uptime_seconds: Math.max(0, Math.floor((now - STARTED_AT) / 1000)),
      pid: process.pid,
      node_version: process.version,
      database: { kind: this.database.kind, size_bytes: size },
      registry: {
        source: loaded?.source ?? null,
        loaded_at: loaded ? new Date(loaded.loadedAt).toISOString() : null,
        as_of: asOf !== null ? new Date(asOf).toISOString() : null,
        age_seconds: asOf !== null ? Math.max(0, Math.floor((now - asOf) / 1000)) : null,
        models: loaded?.models ?? 0,
      },
      providers: this.providers.list().map((p) => ({ name: p.name, kind: String(p.kind), state: p.enabled === false ? 'disabled' : String(p.state) })),
    };
  }
}
