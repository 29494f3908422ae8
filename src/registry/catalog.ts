import { SUPPORTED_CATALOG_PROVIDERS } from './catalog-providers.js';
import type { Price } from '../common/index.js';
import type { CatalogModel } from './registry.types.js';

function freezePrice(price: Price): Price {
  return Object.freeze({ ...price, ...(price.tiers ? { tiers: Object.freeze(price.tiers.map((t) => Object.freeze({ ...t }))) } : {}) });
}

/**
 * An immutable, fully built catalog. The registry swaps one reference to a whole Catalog, so a reader holding one
 * always sees one consistent generation (never a half-built map).
 */
export class Catalog {
  readonly models: readonly CatalogModel[];
  private readonly byProvider: ReadonlyMap<string, ReadonlyMap<string, CatalogModel>>;
  /** For a lookup without a matching provider: the supported providers in preference order, then the rest by name. */
  private readonly searchOrder: readonly string[];

  constructor(models: readonly CatalogModel[]) {
    const byProvider = new Map<string, Map<string, CatalogModel>>();
    const kept: CatalogModel[] = [];
    for (const model of models) {
      let bucket = byProvider.get(model.provider);
      if (!bucket) {
        bucket = new Map();
        byProvider.set(model.provider, bucket);
      }
      if (bucket.has(model.id)) continue; // first one wins; a document cannot hold duplicates, but be total.
      const frozen = Object.freeze({ ...model, price: model.price ? freezePrice(model.price) : null });
      bucket.set(model.id, frozen);
      kept.push(frozen);
    }
    this.models = Object.freeze(kept);
    this.byProvider = byProvider;
    const supported = SUPPORTED_CATALOG_PROVIDERS.filter((p) => byProvider.has(p));
    const others = [...byProvider.keys()].filter((p) => !SUPPORTED_CATALOG_PROVIDERS.includes(p)).sort();
    this.searchOrder = Object.freeze([...supported, ...others]);
  }

  get size(): number {
    return this.models.length;
  }

  providers(): readonly string[] {
    return this.searchOrder;
  }

  /** That provider's model first; then the first provider (in search order) that lists the model id. */
  lookup(catalogProvider: string | null, modelId: string): CatalogModel | null {
    if (catalogProvider) {
      const exact = this.byProvider.get(catalogProvider)?.get(modelId);
      if (exact) return exact;
    }
    for (const provider of this.searchOrder) {
      const found = this.byProvider.get(provider)?.get(modelId);
      if (found) return found;
    }
    return null;
  }
}
