import { api } from '../api/client';
import type { List, Provider } from '../api/types';
import { useLive, useResource } from '../hooks';
import { StateBadge } from './Badge';

/** One tile per provider with its circuit-breaker state, kept current by `provider` live events. */
/** What a tile shows: a provider the live feed names before the list knows it has no kind yet. */
type Tile = Pick<Provider, 'name' | 'state'> & { kind: Provider['kind'] | ''; enabled?: boolean };

export function ProviderTiles() {
  const res = useResource((signal) => api.get<List<Tile>>('/api/providers', undefined, signal), []);
  useLive('provider', (ev) => {
    res.setData((prev) => {
      if (!prev) return prev;
      const known = prev.data.some((p) => p.name === ev.name);
      const data = known
        ? prev.data.map((p) => (p.name === ev.name ? { ...p, state: ev.state } : p))
        : [...prev.data, { name: ev.name, kind: '' as const, enabled: true, state: ev.state }];
      return { ...prev, data };
    });
  });
  const list = res.data?.data;
  if (!list) return <p class="muted">{res.loading ? 'Loading providers…' : 'Providers unavailable.'}</p>;
  if (!list.length) return <p class="muted">No providers configured. <a href="#/providers">Add one</a>.</p>;
  return (
    <ul class="tiles" data-testid="provider-tiles">
      {list.map((p) => (
        <li key={p.name} class={`tile tile-${p.state}`} data-testid="provider-tile">
          <div class="tile-name">{p.name}</div>
          <div class="tile-kind muted">
            {p.kind}
            {p.enabled === false ? ' · disabled' : ''}
          </div>
          <StateBadge state={p.state} />
        </li>
      ))}
    </ul>
  );
}
