import { Inject, Injectable } from '@nestjs/common';
import { ApiError, type Price } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { CATALOG, CATALOG_PROVIDER_FOR, ROUTING, type CatalogModel, type CatalogPort, type CatalogProviderFor, type RoutingPort } from '../pipeline/gateway.ports.js';
import { ProviderRegistry } from '../../providers/index.js';
import type { ProviderPriceConfig } from '../../providers/index.js';
import type { ProviderRuntime } from '../../providers/index.js';

/** One provider that may serve a request, in order of preference. `price: null` means configured free. */
export interface Candidate {
  rt: ProviderRuntime;
  provider: string;
  upstreamModel: string;
  price: Price | null;
  catalog: CatalogModel | null;
}

export interface RoutePlan {
  model: string;
  candidates: Candidate[];
}

function fromConfigPrice(p: ProviderPriceConfig): Price {
  return {
    input: p.input,
    output: p.output,
    ...(p.cache_read !== undefined ? { cacheRead: p.cache_read } : {}),
    ...(p.cache_write !== undefined ? { cacheWrite: p.cache_write } : {}),
  };
}

/**
 * Model → ordered candidates (primary, then fallbacks), each with the price that bills it: the provider's
 * `pricing` override, else the catalog's price. A candidate without a price is dropped under
 * `billing.unpriced_models: reject` and billed as free under `free`.
 */
@Injectable()
export class GatewayRouter {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly config: AppConfig,
    @Inject(ROUTING) private readonly routing: RoutingPort,
    @Inject(CATALOG) private readonly catalog: CatalogPort,
    @Inject(CATALOG_PROVIDER_FOR) private readonly catalogProviderFor: CatalogProviderFor,
  ) {}

  /** The candidates for a model; throws 404 model_not_found when nothing routable and billable serves it. */
  plan(model: string): RoutePlan {
    const route = this.routing.resolve(model, this.registry.names());
    if (!route) throw ApiError.modelNotFound(model);
    const candidates: Candidate[] = [];
    let unpriced = false;
    for (const provider of [route.provider, ...route.fallbacks]) {
      if (candidates.some((c) => c.provider === provider)) continue;
      const rt = this.registry.runtime(provider);
      if (!rt) continue;
      const priced = this.priceFor(rt, route.upstreamModel, model);
      if (!priced.known && this.config.billing.unpriced_models === 'reject') {
        unpriced = true;
        continue;
      }
      candidates.push({ rt, provider, upstreamModel: route.upstreamModel, price: priced.price, catalog: priced.catalog });
    }
    if (candidates.length === 0) {
      throw ApiError.modelNotFound(model, unpriced ? 'has no known price and unpriced models are not served' : 'does not exist or is not available');
    }
    return { model, candidates };
  }

  /** The price billing a model on a provider: its `pricing` override, else the catalog. `known: false` when neither has one. */
  priceFor(rt: ProviderRuntime, upstreamModel: string, requestedModel = upstreamModel): { price: Price | null; known: boolean; catalog: CatalogModel | null } {
    const catalog = this.catalog.lookup(this.catalogProviderFor(rt.def.kind, rt.name, rt.def.preset), upstreamModel);
    const override = rt.def.pricing?.[upstreamModel] ?? rt.def.pricing?.[requestedModel];
    if (override) return { price: fromConfigPrice(override), known: true, catalog };
    if (catalog?.price) return { price: catalog.price, known: true, catalog };
    return { price: null, known: false, catalog };
  }

  /** The route tester's view: candidates in order with their breaker state, and the primary's price. */
  explain(model: string): { model: string; candidates: Array<{ provider: string; upstream_model: string; state: string }>; price: Price | null } {
    const plan = this.plan(model);
    return {
      model,
      candidates: plan.candidates.map((c) => ({ provider: c.provider, upstream_model: c.upstreamModel, state: c.rt.policy.state })),
      price: plan.candidates[0].price,
    };
  }
}
