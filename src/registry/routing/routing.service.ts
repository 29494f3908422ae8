import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import type { RouteResolution } from '../registry.types.js';
import { AliasTable } from './alias.table.js';
import { compileRouteTable, resolveRoute, type RouteTable } from './routing.rules.js';

/**
 * Model → provider routing from the config's `routing` rules (compiled once), then the contract's default table.
 * An alias (`aliases:`) is resolved first; the resolution then names it in `alias`.
 */
@Injectable()
export class RoutingService {
  private readonly table: RouteTable;
  readonly aliases: AliasTable;

  constructor(config: AppConfig) {
    this.table = compileRouteTable(config.routing ?? []);
    this.aliases = new AliasTable(config.aliases ?? {});
  }

  resolve(model: string, known: ReadonlySet<string>): RouteResolution | null {
    if (this.aliases.size === 0) return resolveRoute(model, known, this.table);
    const canonical = this.aliases.resolve(model);
    const route = resolveRoute(canonical, known, this.table);
    return route && canonical !== model ? { ...route, alias: model } : route;
  }

  /** The model an alias stands for (the name itself when it is none). */
  canonical(model: string): string {
    return this.aliases.resolve(model);
  }

  /** Every alias name. */
  aliasNames(): string[] {
    return this.aliases.entries().map(([name]) => name);
  }

  /** Every alias of a model. */
  aliasesOf(model: string): readonly string[] {
    return this.aliases.aliasesOf(model);
  }
}
