import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../config/index.js';
import { GatewayRouter } from '../../gateway/index.js';
import { ProviderRegistry } from '../../providers/index.js';
import type { ConfiguredPrice } from '../../registry/index.js';

export interface ServingProvider {
  name: string;
  kind: string;
  preset?: string;
  pricing?: Record<string, ConfiguredPrice>;
}

/**
 * The providers that can serve traffic, as the models page sees them: the gateway's ProviderRegistry (config, env and
 * dashboard-added providers, enabled ones only) when the providers module is loaded; otherwise the enabled providers
 * of the config. Resolved lazily so this page works whichever modules the app is built with.
 */
@Injectable()
export class ServingProviders {
  private readonly fromConfig: ReadonlyMap<string, ServingProvider>;
  private readonly resolved = new Map<unknown, unknown>();

  constructor(
    config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    this.fromConfig = new Map(
      config.providers.filter((p) => p.enabled).map((p) => [p.name, { name: p.name, kind: p.kind, preset: p.preset, pricing: p.pricing }] as const),
    );
  }

  /** The gateway's router, when the providers module is part of the app. */
  router(): GatewayRouter | null {
    return this.optional(GatewayRouter);
  }

  names(): ReadonlySet<string> {
    return this.optional(ProviderRegistry)?.names() ?? new Set(this.fromConfig.keys());
  }

  get(name: string): ServingProvider | undefined {
    const registry = this.optional(ProviderRegistry);
    if (!registry) return this.fromConfig.get(name);
    if (!registry.names().has(name)) return undefined;
    const def = registry.get(name);
    return def ? { name: def.name, kind: def.kind, preset: def.preset, pricing: def.pricing } : undefined;
  }

  list(): ServingProvider[] {
    return [...this.names()].map((name) => this.get(name)).filter((p): p is ServingProvider => p !== undefined);
  }

  /** Looked up once (the app's modules do not change after start); null when that module is not part of the app. */
  private optional<T>(token: abstract new (...args: never[]) => T): T | null {
    if (!this.resolved.has(token)) {
      let found: unknown;
      try {
        found = this.moduleRef.get(token, { strict: false });
      } catch {
        found = null; // that module is not part of this app
      }
      this.resolved.set(token, found);
    }
    return this.resolved.get(token) as T | null;
  }
}
