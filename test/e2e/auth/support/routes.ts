import type { TestApp } from '../../../support/test-app.js';

export interface RouteEntry {
  method: string;
  path: string;
}

/**
 * Every route the running Fastify instance serves, read from printRoutes(): the radix tree, whose lines are
 * `├── <segment> (METHODS)` indented four characters per level; a route's path is its segments joined.
 * (The commonPrefix: false rendering drops the "/" before a wildcard, so it is not used.)
 */
export function registeredRoutes(t: TestApp): RouteEntry[] {
  const fastify = t.app.getHttpAdapter().getInstance();
  const tree = fastify.printRoutes();
  const stack: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const m = /^(.*?)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    if (!Number.isInteger(depth)) throw new Error(`cannot parse route tree line: ${line}`);
    const path = (depth > 0 ? stack[depth - 1] : '') + m[2];
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, path });
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: every parameter becomes a well-formed id that does not exist. */
export function concretePath(pattern: string, id = '00000000-0000-4000-8000-000000000000'): string {
  return pattern.replace(/:[A-Za-z0-9_]+/g, id).replace(/\*/g, 'x');
}
