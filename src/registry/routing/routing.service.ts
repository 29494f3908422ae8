import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import type { RouteResolution } from '../registry.types.js';
import { compileRouteTable, resolveRoute, type RouteTable } from './routing.rules.js';

/** Model → provider routing from the config's `routing` rules (compiled once), then the contract's default table. */
@Injectable()
export class RoutingService {
  private readonly table: RouteTable;

  constructor(config: AppConfig) {
    this.table = compileRouteTable(config.routing ?? []);
  }

  resolve(model: string, known: ReadonlySet<string>): RouteResolution | null {
    return resolveRoute(model, known, this.table);
  }
}
