import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/index.js';
import { CATALOG, CATALOG_PROVIDER_FOR, LIMITER, type CatalogPort, type CatalogProviderFor, type LimiterPort, type Principal } from '../pipeline/gateway.ports.js';
import { ProviderRegistry } from '../../providers/index.js';
import { GatewayRouter } from '../planning/gateway.router.js';
import { toAnthropicList, toAnthropicModel, type AnthropicModel, type AnthropicModelList } from './anthropic-models.view.js';

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * GET /v1/models: the models a key may use — every id named by a configured provider (its `models` list, its
 * `pricing` keys, the catalog's models for its catalog provider) that routes to an enabled provider with a
 * price (or is free by config), filtered by the key's allowlist.
 */
@Injectable()
export class ModelsService {
  private readonly created = Math.floor(Date.now() / 1000);
  private cache: { key: string; models: ModelObject[] } | null = null;

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly router: GatewayRouter,
    @Inject(CATALOG) private readonly catalog: CatalogPort,
    @Inject(CATALOG_PROVIDER_FOR) private readonly catalogProviderFor: CatalogProviderFor,
    @Inject(LIMITER) private readonly limiter: LimiterPort,
  ) {}

  list(principal: Principal): { object: 'list'; data: ModelObject[] } {
    return { object: 'list', data: this.servable().filter((m) => this.allowed(principal, m.id)) };
  }

  /** The key's allowlist admits the model by its name, or by an alias of it (or the model an alias stands for). */
  private allowed(principal: Principal, id: string): boolean {
    if (this.limiter.isModelAllowed(principal, id)) return true;
    if (this.router.aliases().length === 0) return false;
    try {
      return this.router.otherNames(id, this.router.plan(id)).some((name) => this.limiter.isModelAllowed(principal, name));
    } catch {
      return false;
    }
  }

  /** The same list in Anthropic's shape, with the catalog's display names. */
  listAnthropic(principal: Principal): AnthropicModelList {
    return toAnthropicList(this.list(principal).data.map((m) => this.anthropicView(m)));
  }

  getAnthropic(principal: Principal, id: string): AnthropicModel {
    return this.anthropicView(this.get(principal, id));
  }

  private anthropicView(m: ModelObject): AnthropicModel {
    const rt = this.registry.runtime(m.owned_by);
    const entry = rt ? this.router.priceFor(rt, m.id).catalog : null;
    return toAnthropicModel(m, entry?.name ?? null);
  }

  /** One model by id (ids may contain '/'): 404 model_not_found unless it routes, is billable and the key may use it. */
  get(principal: Principal, id: string): ModelObject {
    const listed = this.servable().find((m) => m.id === id);
    const model = listed ?? this.describe(id);
    if (!model || !this.allowed(principal, id)) throw ApiError.modelNotFound(id);
    return model;
  }

  private describe(id: string): ModelObject | null {
    try {
      const plan = this.router.plan(id);
      return { id, object: 'model', created: this.created, owned_by: plan.candidates[0].provider };
    } catch {
      return null;
    }
  }

  private servable(): ModelObject[] {
    const info = this.catalog.info();
    const key = `${this.registry.version}|${info.loadedAt}|${info.models}`;
    if (this.cache?.key === key) return this.cache.models;
    const ids = new Set<string>();
    const catalogProviders = new Set<string>();
    for (const p of this.registry.list()) {
      if (!p.enabled) continue;
      const def = this.registry.get(p.name);
      if (!def) continue;
      for (const id of def.models ?? []) ids.add(id);
      for (const id of Object.keys(def.pricing ?? {})) ids.add(id);
      const catalogProvider = this.catalogProviderFor(def.kind, def.name, def.preset);
      if (catalogProvider) catalogProviders.add(catalogProvider);
    }
    if (catalogProviders.size) for (const m of this.catalog.list()) if (catalogProviders.has(m.provider)) ids.add(m.id);
    for (const alias of this.router.aliases()) ids.add(alias); // listed when what it stands for is served
    const models: ModelObject[] = [];
    for (const id of [...ids].sort()) {
      const model = this.describe(id);
      if (model) models.push(model);
    }
    this.cache = { key, models };
    return models;
  }
}
