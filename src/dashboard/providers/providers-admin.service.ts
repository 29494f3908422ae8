import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AppConfig, ENV_PROVIDERS, type ProviderConfig } from '../../config/index.js';
import { ProviderRegistry } from '../../providers/index.js';
import { ProviderStore, defaultSettings, last4Of, maskedSecret, scrubSecret, type ProviderSettings, type StoredProvider } from '../../providers/store/index.js';
import type { CreateProviderDto, ProviderItem, ProviderTestResultDto, UpdateProviderDto } from './provider.dto.js';
import { defaultBaseUrl } from './provider-defaults.js';

const CONFIG_ID_PREFIX = 'config:';

type RegistryEntry = ReturnType<ProviderRegistry['list']>[number];

const iso = (ms: number | null | undefined): string | null => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/**
 * The providers admin API: one list over the providers from the config file and environment (read-only, id
 * `config:<name>`) and the ones stored in the database (editable). Writes go through ProviderStore, which keeps
 * the serving registry in step. API keys go in, never come out.
 */
@Injectable()
export class ProvidersAdminService {
  private readonly logger = new Logger('ProvidersAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ProviderRegistry,
    private readonly store: ProviderStore,
  ) {}

  async list(): Promise<ProviderItem[]> {
    const entries = this.registryEntries();
    const configured = this.config.providers.map((p) => this.configItem(p, entries.get(p.name)));
    const stored = (await this.store.list()).map((p) => this.storedItem(p, entries.get(p.name)));
    return [...configured, ...stored];
  }

  async create(dto: CreateProviderDto): Promise<ProviderItem> {
    await this.assertNameFree(dto.name);
    const baseUrl = dto.base_url ?? defaultBaseUrl(dto.kind, dto.preset);
    if (!baseUrl) throw new BadRequestException(['base_url is required for this kind (no known public URL for it)']);
    const settings = this.mergeSettings(defaultSettings(), dto);
    const created = await this.store.create({ name: dto.name, kind: dto.kind, base_url: baseUrl, api_key: dto.api_key ?? null, enabled: dto.enabled ?? true, settings });
    this.logger.log({ provider: created.name, kind: created.kind, id: created.id }, 'provider added');
    return this.storedItem(created, this.registryEntries().get(created.name));
  }

  async update(id: string, dto: UpdateProviderDto): Promise<ProviderItem> {
    const current = await this.storedOrThrow(id);
    if (dto.name !== undefined && dto.name !== current.name) await this.assertNameFree(dto.name);
    const settings = this.mergeSettings(current.settings, dto);
    const updated = await this.store.update(current.id, {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.kind !== undefined ? { kind: dto.kind } : {}),
      ...(dto.base_url !== undefined ? { base_url: dto.base_url } : {}),
      ...(dto.api_key !== undefined ? { api_key: dto.api_key } : {}),
      ...(dto.enabled !== undefined ? { enabled: dto.enabled } : {}),
      settings,
    });
    if (!updated) throw new NotFoundException(`Provider ${id} does not exist.`);
    this.logger.log({ provider: updated.name, id: updated.id, key_changed: dto.api_key !== undefined }, 'provider updated');
    return this.storedItem(updated, this.registryEntries().get(updated.name));
  }

  async remove(id: string): Promise<void> {
    const current = await this.storedOrThrow(id);
    const removed = await this.store.remove(current.id);
    if (!removed) throw new NotFoundException(`Provider ${id} does not exist.`);
    this.logger.log({ provider: removed.name, id: removed.id }, 'provider deleted');
  }

  /** A real minimal upstream call through the serving registry (the same transport, key and policy as traffic). */
  async test(id: string): Promise<ProviderTestResultDto> {
    const { name, secret } = await this.resolveForTest(id);
    const started = Date.now();
    try {
      const result = await this.registry.testCall(name);
      return { ok: Boolean(result.ok), latency_ms: Math.round(result.latency_ms ?? Date.now() - started), message: scrubSecret(String(result.message ?? ''), secret) };
    } catch (err) {
      return { ok: false, latency_ms: Date.now() - started, message: scrubSecret((err as Error)?.message ?? String(err), secret) };
    }
  }

  private async resolveForTest(id: string): Promise<{ name: string; secret: string | undefined }> {
    if (id.startsWith(CONFIG_ID_PREFIX)) {
      const p = this.configProvider(id.slice(CONFIG_ID_PREFIX.length));
      if (!p) throw new NotFoundException(`Provider ${id} does not exist.`);
      return { name: p.name, secret: p.api_key };
    }
    const stored = await this.store.find(id);
    if (!stored) throw new NotFoundException(`Provider ${id} does not exist.`);
    const definition = await this.store.definition(id);
    return { name: stored.name, secret: definition?.api_key };
  }

  private async storedOrThrow(id: string): Promise<StoredProvider> {
    if (id.startsWith(CONFIG_ID_PREFIX)) {
      const p = this.configProvider(id.slice(CONFIG_ID_PREFIX.length));
      if (!p) throw new NotFoundException(`Provider ${id} does not exist.`);
      throw new ConflictException(`Provider "${p.name}" comes from the config file or the environment and is read-only here; change it there.`);
    }
    const stored = await this.store.find(id);
    if (!stored) throw new NotFoundException(`Provider ${id} does not exist.`);
    return stored;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (this.configProvider(name)) {
      throw new ConflictException(`A provider named "${name}" is already defined in the config file or the environment.`);
    }
    if (await this.store.findByName(name)) throw new ConflictException(`A provider named "${name}" already exists.`);
  }

  private configProvider(name: string): ProviderConfig | undefined {
    return this.config.providers.find((p) => p.name === name);
  }

  private registryEntries(): Map<string, RegistryEntry> {
    return new Map(this.registry.list().map((p) => [p.name, p]));
  }

  private mergeSettings(base: ProviderSettings, dto: CreateProviderDto | UpdateProviderDto): ProviderSettings {
    const next: ProviderSettings = { ...base };
    if (dto.timeout_seconds !== undefined) next.timeout_seconds = dto.timeout_seconds;
    if (dto.stream_idle_seconds !== undefined) next.stream_idle_seconds = dto.stream_idle_seconds;
    if (dto.retry !== undefined) next.retry = { attempts: dto.retry.attempts, backoff_ms: [...dto.retry.backoff_ms] };
    if (dto.breaker !== undefined) next.breaker = { consecutive_failures: dto.breaker.consecutive_failures, half_open_after_seconds: dto.breaker.half_open_after_seconds };
    if (dto.preset !== undefined) {
      if (dto.preset === null) delete next.preset;
      else next.preset = dto.preset;
    }
    if (dto.pricing !== undefined) {
      if (dto.pricing === null) delete next.pricing;
      else next.pricing = dto.pricing;
    }
    if (dto.models !== undefined) {
      if (dto.models === null) delete next.models;
      else next.models = [...dto.models];
    }
    return next;
  }

  private stateOf(entry: RegistryEntry | undefined, enabled: boolean): string {
    if (!enabled) return 'disabled';
    return entry?.state ?? 'closed';
  }

  private configItem(p: ProviderConfig, entry: RegistryEntry | undefined): ProviderItem {
    const fromEnv = ENV_PROVIDERS.some((e) => e.name === p.name && (e.keyless ? !p.api_key_env : p.api_key_env === e.env));
    const source = entry && entry.source !== 'database' ? entry.source : fromEnv ? 'env' : 'config';
    return {
      id: `${CONFIG_ID_PREFIX}${p.name}`,
      name: p.name,
      kind: p.kind,
      base_url: entry?.baseUrl ?? p.base_url ?? null,
      api_key: p.api_key ? maskedSecret(true, last4Of(p.api_key)) : null,
      enabled: p.enabled,
      timeout_seconds: p.timeout_seconds,
      source,
      state: this.stateOf(entry, p.enabled),
      editable: false,
      preset: p.preset ?? null,
      models: p.models ?? null,
      pricing: (p.pricing as ProviderItem['pricing']) ?? null,
      created_at: null,
      updated_at: null,
    };
  }

  private storedItem(p: StoredProvider, entry: RegistryEntry | undefined): ProviderItem {
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      base_url: p.base_url,
      api_key: p.api_key,
      enabled: p.enabled,
      timeout_seconds: p.settings.timeout_seconds,
      source: 'database',
      state: this.stateOf(entry, p.enabled),
      editable: true,
      preset: p.settings.preset ?? null,
      models: p.settings.models ?? null,
      pricing: p.settings.pricing ?? null,
      created_at: iso(p.created_at),
      updated_at: iso(p.updated_at),
    };
  }
}
