/** The /v1 surfaces, as metric labels and span names know them (a bounded set: unknown paths are `other`). */
export type Surface = 'chat' | 'embeddings' | 'messages' | 'responses' | 'models' | 'other';

interface SurfaceRoute {
  prefix: string;
  surface: Surface;
  /** The route template for paths below the prefix (ids never become part of a span name). */
  below?: string;
}

const ROUTES: SurfaceRoute[] = [
  { prefix: '/v1/chat/completions', surface: 'chat' },
  { prefix: '/v1/embeddings', surface: 'embeddings' },
  { prefix: '/v1/messages', surface: 'messages', below: '/v1/messages/count_tokens' },
  { prefix: '/v1/responses', surface: 'responses', below: '/v1/responses/{id}' },
  { prefix: '/v1/models', surface: 'models', below: '/v1/models/{id}' },
];

/** The surface of a /v1 URL and its route template (`/v1/*` when unknown). */
export function surfaceOf(url: string): { surface: Surface; route: string } {
  for (const r of ROUTES) {
    if (!url.startsWith(r.prefix)) continue;
    const next = url.charCodeAt(r.prefix.length);
    if (Number.isNaN(next) || next === 63 /* ? */) return { surface: r.surface, route: r.prefix };
    if (next === 47 /* / */ && r.below) return { surface: r.surface, route: r.below };
  }
  return { surface: 'other', route: '/v1/*' };
}
