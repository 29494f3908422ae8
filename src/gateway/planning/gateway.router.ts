import { Inject, Injectable, Optional } from '@nestjs/common';
import { ApiError, MetricsRegistry, ratesAt, type Price } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { CATALOG, CATALOG_PROVIDER_FOR, ROUTING, type CatalogModel, type CatalogPort, type CatalogProviderFor, type RoutingPort } from '../pipeline/gateway.ports.js';
import { ProviderRegistry } from '../../providers/index.js';
import { effectivePrice } from '../../registry/index.js';
import type { ProviderRuntime } from '../../providers/index.js';
import { CooldownBoard, TargetStats, type ProviderKey } from '../../providers/index.js';
import { orderTargets, type StrategyName } from './route.strategy.js';
import { TargetLane } from './target.lane.js';

/** One provider that may serve a request, in order of preference. `price: null` means configured free. */
export interface Candidate {
  rt: ProviderRuntime;
  provider: string;
  upstreamModel: string;
  price: Price | null;
  catalog: CatalogModel | null;
  /** Milliseconds until this candidate is out of cooldown, when planned (0: available). */
  coolingMs?: number;
  /** Key choice and cooldowns for this target during the request (absent: the provider's one key, as before). */
  lane?: TargetLane;
  /** The key the current (last) attempt sent. */
  key?: ProviderKey | null;
  /** One of the rule's targets, or a fallback (tried after every target failed or is cooling down). */
  role?: 'target' | 'fallback';
}

export interface RoutePlan {
  model: string;
  candidates: Candidate[];
  /** How the rule's targets were ordered. */
  strategy?: StrategyName;
  /** The model the alias asked for stands for (absent when no alias was used). */
  canonical?: string;
}

/** Worst-case cost weight of a price for this request (only used to compare candidates). */
function worstCase(price: Price, promptTokens: number, maxOutput: number): number {
  const rates = ratesAt(price, promptTokens);
  return promptTokens * Math.max(rates.input, rates.cacheWrite ?? 0) + maxOutput * rates.output;
}

/** The price to reserve with: the most expensive candidate's, so any fallback is covered. null when all are free. */
export function reservationPrice(candidates: readonly Candidate[], promptTokens: number, maxOutput: number): Price | null {
  let best: Price | null = null;
  for (const c of candidates) {
    if (!c.price) continue;
    if (!best || worstCase(c.price, promptTokens, maxOutput) > worstCase(best, promptTokens, maxOutput)) best = c.price;
  }
  return best;
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
    @Optional() cooldowns?: CooldownBoard,
    @Optional() stats?: TargetStats,
  ) {
    const standalone = cooldowns && stats ? null : new MetricsRegistry();
    this.cooldowns = cooldowns ?? new CooldownBoard(standalone!);
    this.stats = stats ?? new TargetStats(standalone!);
  }

  private readonly cooldowns: CooldownBoard;
  private readonly stats: TargetStats;

  /**
   * The candidates for a model: the rule's targets in the order its strategy chose, then its fallbacks; a
   * candidate cooling down goes after every available one. Throws 404 model_not_found when nothing routable and
   * billable serves it.
   */
  plan(model: string): RoutePlan {
    const route = this.routing.resolve(model, this.registry.names());
    if (!route) throw ApiError.modelNotFound(model);
    const canonical = route.alias ? this.routing.canonical(model) : model;
    const candidates: Candidate[] = [];
    let unpriced = false;
    let cooling = false;
    const strategy = route.strategy ?? 'ordered';
    const targets = route.targets ? orderTargets(route.targets, strategy, this.stats) : [{ provider: route.provider, upstreamModel: route.upstreamModel }];
    const steps = [
      ...targets.map((t) => ({ provider: t.provider, upstreamModel: t.upstreamModel, role: 'target' as const })),
      ...route.fallbacks.map((provider) => ({ provider, upstreamModel: route.upstreamModel, role: 'fallback' as const })),
    ];
    for (const { provider, upstreamModel, role } of steps) {
      if (candidates.some((c) => c.provider === provider)) continue;
      const rt = this.registry.runtime(provider);
      if (!rt) continue;
      const priced = this.priceFor(rt, upstreamModel, canonical);
      if (!priced.known && this.config.billing.unpriced_models === 'reject') {
        unpriced = true;
        continue;
      }
      const lane = new TargetLane(rt, this.cooldowns, this.stats);
      const coolingMs = lane.coolingMs();
      if (coolingMs > 0) cooling = true;
      candidates.push({ rt, provider, upstreamModel, price: priced.price, catalog: priced.catalog, coolingMs, lane, key: null, role });
    }
    if (candidates.length === 0) {
      throw ApiError.modelNotFound(model, unpriced ? 'has no known price and unpriced models are not served' : 'does not exist or is not available');
    }
    // available candidates first (in strategy order), then the cooling ones, soonest back first
    if (cooling) candidates.sort((a, b) => (a.coolingMs ?? 0) - (b.coolingMs ?? 0)); // stable: strategy order among equals
    return { model, candidates, strategy, ...(route.alias ? { canonical } : {}) };
  }

  /**
   * The other names an allowlist may admit a model by: the model an alias stands for and every alias of it (an
   * allowlist naming `fast` admits `gpt-4o-mini` and the other way round). Empty without aliases.
   */
  otherNames(model: string, plan: RoutePlan): string[] {
    const canonical = plan.canonical ?? model;
    const aliases = this.routing.aliasesOf(canonical);
    if (aliases.length === 0 && canonical === model) return [];
    return [canonical, ...aliases].filter((n) => n !== model);
  }

  /** Every configured alias name. */
  aliases(): string[] {
    return this.routing.aliasNames?.() ?? [];
  }

  /** The price billing a model on a provider: its `pricing` override, else the catalog. `known: false` when neither has one. */
  priceFor(rt: ProviderRuntime, upstreamModel: string, requestedModel = upstreamModel): { price: Price | null; known: boolean; catalog: CatalogModel | null } {
    const catalog = this.catalog.lookup(this.catalogProviderFor(rt.def.kind, rt.name, rt.def.preset), upstreamModel);
    const price = effectivePrice(rt.def.pricing, upstreamModel, catalog?.price ?? null, requestedModel);
    return { price, known: price !== null, catalog };
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

  /**
   * The route tester's full view: the rule's targets in configured order (with weights), then its fallbacks, each with
   * its breaker state and cooldown; the strategy that orders the targets per request; the primary's price.
   */
  explainRoute(model: string): {
    model: string;
    strategy: StrategyName;
    alias_of: string | null;
    candidates: Array<{ provider: string; upstream_model: string; state: string; role: 'target' | 'fallback'; weight: number | null; cooling_ms: number }>;
    price: Price | null;
  } {
    const plan = this.plan(model);
    const route = this.routing.resolve(model, this.registry.names());
    const weights = new Map((route?.targets ?? []).map((t) => [t.provider, t.weight]));
    const order = route ? [...(route.targets ?? [{ provider: route.provider }]).map((t) => t.provider), ...route.fallbacks] : [];
    const rank = (c: Candidate): number => {
      const i = order.indexOf(c.provider);
      return i < 0 ? order.length : i;
    };
    const candidates = [...plan.candidates].sort((a, b) => rank(a) - rank(b));
    return {
      model,
      strategy: plan.strategy ?? 'ordered',
      alias_of: plan.canonical ?? null,
      candidates: candidates.map((c) => ({
        provider: c.provider,
        upstream_model: c.upstreamModel,
        state: c.rt.policy.state,
        role: c.role ?? 'target',
        weight: c.role === 'fallback' ? null : (weights.get(c.provider) ?? 1),
        cooling_ms: c.coolingMs ?? 0,
      })),
      price: candidates[0].price,
    };
  }

}
