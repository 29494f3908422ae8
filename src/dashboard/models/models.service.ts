import { ConflictException, Injectable } from '@nestjs/common';
import { ApiError, type Price } from '../../common/index.js';
import { GatewayRouter } from '../../gateway/index.js';
import { ProviderRegistry } from '../../providers/index.js';
import { RegistryRefreshError, RegistryService, RoutingService, catalogProviderFor, effectivePrice, priceToApi, type RegistryInfo } from '../../registry/index.js';
import type { ModelItemDto, ModelListDto, RegistryInfoDto, RouteExplanationDto } from './models.dto.js';

interface Row {
  id: string;
  provider: string;
  name: string;
  price: Price | null;
  context: number | null;
  maxOutput: number | null;
}

/** The models page: the catalog with effective prices and serving providers, the route tester, the manual refresh. */
@Injectable()
export class ModelsAdminService {
  constructor(
    private readonly registry: RegistryService,
    private readonly routing: RoutingService,
    private readonly providers: ProviderRegistry,
    private readonly router: GatewayRouter,
  ) {}

  list(): ModelListDto {
    const rows = new Map<string, Row>();
    for (const m of this.registry.snapshot()?.models ?? []) {
      rows.set(`${m.provider}\u0000${m.id}`, { id: m.id, provider: m.provider, name: m.name, price: m.price, context: m.contextWindow, maxOutput: m.maxOutput });
    }
    // A serving provider's configured pricing overrides the catalog for its models (the one price rule), and prices
    // models the catalog lacks.
    const known = this.providers.names();
    for (const name of known) {
      const p = this.providers.runtime(name)?.def;
      if (!p?.pricing) continue;
      const catalogProvider = catalogProviderFor(p.kind, p.name, p.preset) ?? p.name;
      for (const model of Object.keys(p.pricing)) {
        const key = `${catalogProvider}\u0000${model}`;
        const row = rows.get(key) ?? { id: model, provider: catalogProvider, name: model, price: null, context: null, maxOutput: null };
        row.price = effectivePrice(p.pricing, model, row.price);
        rows.set(key, row);
      }
    }
    const servedBy = new Map<string, string[]>();
    const data: ModelItemDto[] = [];
    for (const row of rows.values()) {
      let serving = servedBy.get(row.id);
      if (!serving) {
        const route = this.routing.resolve(row.id, known);
        serving = route ? [route.provider, ...route.fallbacks] : [];
        servedBy.set(row.id, serving);
      }
      const price = priceToApi(row.price);
      data.push({
        id: row.id,
        provider: row.provider,
        name: row.name,
        input_price: price?.input ?? null,
        output_price: price?.output ?? null,
        cache_read_price: price?.cache_read ?? null,
        cache_write_price: price?.cache_write ?? null,
        context: row.context,
        max_output: row.maxOutput,
        served_by: [...serving],
        ...(row.price?.tiers?.length
          ? { tiers: row.price.tiers.map((t) => ({ above_tokens: t.above, input_price: t.input, output_price: t.output, cache_read_price: t.cacheRead ?? null, cache_write_price: t.cacheWrite ?? null })) }
          : {}),
      });
    }
    return { data, registry: this.infoView(this.registry.info()) };
  }

  explain(model: string): RouteExplanationDto {
    const plan = this.router.explainRoute(model);
    return { model: plan.model, strategy: plan.strategy, alias_of: plan.alias_of, candidates: plan.candidates, price: priceToApi(plan.price) };
  }

  async refresh(): Promise<RegistryInfoDto> {
    try {
      return this.infoView(await this.registry.refresh());
    } catch (err) {
      if (!(err instanceof RegistryRefreshError)) throw err;
      if (err.reason === 'disabled') throw new ConflictException(err.message);
      if (err.reason === 'aborted') throw new ApiError(503, 'server_error', err.message, 'draining');
      throw new ApiError(502, 'upstream_error', err.message, 'registry_refresh_failed');
    }
  }

  private infoView(info: RegistryInfo): RegistryInfoDto {
    const loaded = this.registry.isLoaded();
    return { source: info.source, loaded_at: loaded && info.loadedAt ? new Date(info.loadedAt).toISOString() : null, models: info.models, loaded };
  }
}
