import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ScheduledJobs, SecretKeyProvider } from '../../common/index.js';
import type { ProviderKind } from '../../config/index.js';
import { DatabaseInfo, isUniqueViolation } from '../../database/index.js';
import { ProviderRegistry, type ProviderDefinition } from '../index.js';
import { ProviderRecord } from './provider-record.entity.js';
import { parseSettings, serializeSettings, type ProviderSettings } from './provider-settings.js';
import { last4Of, maskedSecret, scrubSecret } from './secret-mask.js';

/** A stored provider as the rest of the app sees it: never the key, only whether there is one and how to show it. */
export interface StoredProvider {
  id: string;
  name: string;
  kind: ProviderKind;
  base_url: string | null;
  /** `••••abcd`, `••••` or null. */
  api_key: string | null;
  enabled: boolean;
  settings: ProviderSettings;
  created_at: number;
  updated_at: number;
}

export interface NewStoredProvider {
  name: string;
  kind: ProviderKind;
  base_url: string | null;
  api_key?: string | null;
  enabled: boolean;
  settings: ProviderSettings;
}

/** `api_key`: a string replaces the key, null removes it, absent keeps it. */
export type StoredProviderPatch = Partial<NewStoredProvider>;

/** How often a PostgreSQL deployment re-reads the table anyway (the scale-out NOTIFY listener calls sync() at once on a change). */
const SYNC_INTERVAL_MS = 30_000;
export const PROVIDER_SYNC_JOB = 'provider-sync';

/**
 * Providers defined through the admin API. API keys are sealed with AES-256-GCM under the app's secret key and
 * only opened to hand a definition to the ProviderRegistry. Every write is mirrored into the registry, so a
 * provider added here serves traffic without a restart; at start every stored provider is loaded into it, and on
 * PostgreSQL the table is re-read every few seconds so the other replicas' changes arrive too.
 */
@Injectable()
export class ProviderStore implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProviderStore');
  /** What the registry was last given for each stored provider (id → name and version). */
  private readonly applied = new Map<string, { name: string; updated_at: number }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(ProviderRecord) private readonly repo: Repository<ProviderRecord>,
    private readonly secrets: SecretKeyProvider,
    private readonly registry: ProviderRegistry,
    private readonly database: DatabaseInfo,
    private readonly jobs: ScheduledJobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    if (this.database.kind === 'postgres') {
      // Other replicas write to the same table: pick their changes up without a restart (every replica: each holds its own registry).
      this.jobs.every({ name: PROVIDER_SYNC_JOB, everyMs: SYNC_INTERVAL_MS, exclusive: false, run: () => this.sync() });
    }
  }

  /**
   * Bring the registry in line with the table: upsert what is new or changed since it was last applied, remove
   * what is gone. At start this loads every stored provider. Returns how many providers were (re)applied.
   */
  sync(): Promise<number> {
    return this.exclusive(async () => {
      const rows = await this.repo.find({ order: { created_at: 'ASC' } });
      const seen = new Set<string>();
      let applied = 0;
      for (const row of rows) {
        seen.add(row.id);
        const prev = this.applied.get(row.id);
        if (prev && prev.updated_at === row.updated_at && prev.name === row.name) continue;
        if (prev && prev.name !== row.name) this.removeFromRegistry(prev.name);
        if (this.applyLoaded(row)) applied += 1;
      }
      for (const [id, prev] of [...this.applied]) {
        if (seen.has(id)) continue;
        this.applied.delete(id);
        this.removeFromRegistry(prev.name);
      }
      if (applied) this.logger.log({ applied, stored: rows.length }, 'stored providers loaded');
      return applied;
    });
  }

  /** Upsert a row read from the table; a bad row is logged and skipped (it never stops the others). */
  private applyLoaded(row: ProviderRecord): boolean {
    this.applied.set(row.id, { name: row.name, updated_at: row.updated_at });
    const existing = this.registry.list().find((p) => p.name === row.name);
    if (existing && existing.source !== 'database') {
      this.logger.warn({ provider: row.name, source: existing.source }, 'a stored provider has the name of a configured one; the configured one wins');
      return false;
    }
    let definition: ProviderDefinition | undefined;
    try {
      definition = this.definitionOf(row);
      this.registry.upsert(definition);
      return true;
    } catch (err) {
      const reason = scrubSecret((err as Error)?.message ?? String(err), definition?.api_key);
      this.logger.error({ provider: row.name, reason }, 'could not load a stored provider (is GOPHERGATE_SECRET_KEY the one it was saved with?)');
      return false;
    }
  }

  /** Only ever removes a provider that came from the database (never a configured one of the same name). */
  private removeFromRegistry(name: string): void {
    const existing = this.registry.list().find((p) => p.name === name);
    if (existing && existing.source === 'database') this.registry.remove(name);
  }

  /** Local writes and syncs run one at a time, so a sync never re-applies a row older than a write it raced. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async list(): Promise<StoredProvider[]> {
    const rows = await this.repo.find({ order: { created_at: 'ASC' } });
    return rows.map((r) => this.view(r));
  }

  async find(id: string): Promise<StoredProvider | null> {
    const row = await this.repo.findOne({ where: { id } });
    return row ? this.view(row) : null;
  }

  async findByName(name: string): Promise<StoredProvider | null> {
    const row = await this.repo.findOne({ where: { name } });
    return row ? this.view(row) : null;
  }

  /** The full definition, key included, for the registry. Only this module opens a sealed key. */
  async definition(id: string): Promise<ProviderDefinition | null> {
    const row = await this.repo.findOne({ where: { id } });
    return row ? this.definitionOf(row) : null;
  }

  create(input: NewStoredProvider, now = Date.now()): Promise<StoredProvider> {
    return this.exclusive(() => this.createNow(input, now));
  }

  update(id: string, patch: StoredProviderPatch, now = Date.now()): Promise<StoredProvider | null> {
    return this.exclusive(() => this.updateNow(id, patch, now));
  }

  remove(id: string): Promise<StoredProvider | null> {
    return this.exclusive(() => this.removeNow(id));
  }

  private async createNow(input: NewStoredProvider, now: number): Promise<StoredProvider> {
    const row = this.repo.create({
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      base_url: input.base_url,
      enabled: input.enabled,
      settings: serializeSettings(input.settings),
      created_at: now,
      updated_at: now,
      ...this.sealed(input.api_key ?? null),
    });
    await this.writeThenRegister(row, async (repo) => {
      await repo.insert(row);
    });
    return this.view(row);
  }

  private async updateNow(id: string, patch: StoredProviderPatch, now: number): Promise<StoredProvider | null> {
    const before = await this.repo.findOne({ where: { id } });
    if (!before) return null;
    const after: ProviderRecord = this.repo.create({
      ...before,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.base_url !== undefined ? { base_url: patch.base_url } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.settings !== undefined ? { settings: serializeSettings(patch.settings) } : {}),
      ...(patch.api_key !== undefined ? this.sealed(patch.api_key) : {}),
      updated_at: now,
    });
    await this.writeThenRegister(after, async (repo) => {
      await repo.update({ id }, {
        name: after.name,
        kind: after.kind,
        base_url: after.base_url,
        enabled: after.enabled,
        settings: after.settings,
        api_key_enc: after.api_key_enc,
        api_key_last4: after.api_key_last4,
        updated_at: after.updated_at,
      });
    });
    if (before.name !== after.name) this.removeFromRegistry(before.name);
    return this.view(after);
  }

  private async removeNow(id: string): Promise<StoredProvider | null> {
    const row = await this.repo.findOne({ where: { id } });
    if (!row) return null;
    const result = await this.repo.delete({ id });
    if (!result.affected) return null;
    this.applied.delete(id);
    this.removeFromRegistry(row.name);
    return this.view(row);
  }

  /**
   * Write the row and hand the definition to the registry in one transaction: when the registry refuses it,
   * the write is rolled back, so the table and the serving registry never disagree.
   */
  private async writeThenRegister(row: ProviderRecord, write: (repo: Repository<ProviderRecord>) => Promise<void>): Promise<void> {
    try {
      await this.repo.manager.transaction(async (em) => {
        await write(em.getRepository(ProviderRecord));
        const definition = this.definitionOf(row);
        try {
          this.registry.upsert(definition);
          this.applied.set(row.id, { name: row.name, updated_at: row.updated_at });
        } catch (err) {
          // the registry refuses what it cannot serve (bad URL, kind or preset): the write is rolled back
          throw new BadRequestException([scrubSecret(`provider refused: ${(err as Error)?.message ?? String(err)}`, definition.api_key)]);
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException(`A provider named "${row.name}" already exists.`);
      throw err;
    }
  }

  private sealed(apiKey: string | null): Pick<ProviderRecord, 'api_key_enc' | 'api_key_last4'> {
    if (apiKey === null || apiKey === '') return { api_key_enc: null, api_key_last4: null };
    return { api_key_enc: this.secrets.box.encrypt(apiKey), api_key_last4: last4Of(apiKey) };
  }

  private view(row: ProviderRecord): StoredProvider {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as ProviderKind,
      base_url: row.base_url,
      api_key: maskedSecret(Boolean(row.api_key_enc), row.api_key_last4),
      enabled: Boolean(row.enabled),
      settings: parseSettings(row.settings),
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  private definitionOf(row: ProviderRecord): ProviderDefinition {
    const s = parseSettings(row.settings);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as ProviderKind,
      ...(row.base_url ? { base_url: row.base_url } : {}),
      ...(row.api_key_enc ? { api_key: this.secrets.box.decrypt(row.api_key_enc) } : {}),
      ...(s.preset ? { preset: s.preset } : {}),
      timeout_seconds: s.timeout_seconds,
      stream_idle_seconds: s.stream_idle_seconds,
      retry: s.retry,
      breaker: s.breaker,
      ...(s.pricing ? { pricing: s.pricing } : {}),
      ...(s.models ? { models: s.models } : {}),
      enabled: Boolean(row.enabled),
      source: 'database',
    };
  }
}
