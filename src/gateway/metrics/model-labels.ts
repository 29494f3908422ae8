import { Inject, Injectable } from '@nestjs/common';
import { hasWildcard } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { CATALOG, type CatalogPort } from '../pipeline/gateway.ports.js';

/** The label every model name the gateway does not serve is counted under. */
export const OTHER_MODEL_LABEL = 'other';
const MAX_LABEL_LENGTH = 200;

/**
 * The value of the `model` label on the gateway's Prometheus series. Only names the gateway serves become a
 * label: a model of the catalog, a name configured in the routing rules (an exact match or an upstream rewrite)
 * or in a provider's `models` / `pricing`; `provider/model` when the bare model is one of those. Anything else a
 * client invents counts as `other`, so no key holder can create series.
 */
@Injectable()
export class ModelLabels {
  private readonly configured: ReadonlySet<string>;

  constructor(
    config: AppConfig,
    @Inject(CATALOG) private readonly catalog: CatalogPort,
  ) {
    const names = new Set<string>();
    for (const rule of config.routing ?? []) {
      if (typeof rule.match === 'string' && !hasWildcard(rule.match)) names.add(rule.match);
      if (typeof rule.model === 'string') names.add(rule.model);
    }
    for (const provider of config.providers ?? []) {
      for (const model of provider.models ?? []) names.add(model);
      for (const model of Object.keys(provider.pricing ?? {})) names.add(model);
    }
    this.configured = names;
  }

  /** The label for a requested model name. */
  of(model: string): string {
    if (!model || model.length > MAX_LABEL_LENGTH) return OTHER_MODEL_LABEL;
    if (this.serves(model)) return model;
    const slash = model.indexOf('/');
    if (slash > 0 && this.serves(model.slice(slash + 1))) return model;
    return OTHER_MODEL_LABEL;
  }

  private serves(name: string): boolean {
    return this.configured.has(name) || this.catalog.lookup(null, name) !== null;
  }
}
