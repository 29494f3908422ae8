import { api, seg } from '../api/client';
import type { LogEntry } from '../api/types';
import { StatusBadge } from '../components/Badge';
import { Card, Definitions, InlineError, PageHeader } from '../components/Page';
import { formatDate, formatInt, formatMs, formatUsd } from '../format';
import { useResource } from '../hooks';

const KNOWN = new Set([
  'request_id', 'created_at', 'client_id', 'client_name', 'key_id', 'model', 'provider', 'status', 'error_code', 'latency_ms', 'ttfb_ms', 'stream',
  'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'cost_usd', 'estimated',
]);

export function LogDetailPage({ id }: { id: string }) {
  const res = useResource((signal) => api.get<LogEntry>(`/api/logs/${seg(id)}`, undefined, signal), [id]);
  const l = res.data;
  const extras = l ? Object.entries(l).filter(([k, v]) => !KNOWN.has(k) && v !== null && v !== undefined) : [];
  return (
    <div>
      <PageHeader title="Request">
        <a href="#/logs" class="btn btn-ghost">← All logs</a>
      </PageHeader>
      {!l && (res.loading ? <p class="muted">Loading…</p> : <InlineError error={res.error} />)}
      {l && (
        <div class="grid-2" data-testid="log-detail">
          <Card title="Request">
            <Definitions
              items={[
                ['Request id', <code class="mono">{l.request_id}</code>],
                ['Time', formatDate(l.created_at)],
                ['Client', l.client_id ? <a href={`#/clients/${encodeURIComponent(l.client_id)}`}>{l.client_name ?? l.client_id}</a> : '—'],
                ['Key id', l.key_id ? <code class="mono">{l.key_id}</code> : '—'],
                ['Model', <span class="mono">{l.model ?? '—'}</span>],
                ['Provider', l.provider ?? '—'],
                ['Status', <><StatusBadge status={l.status} /> {l.error_code && <code class="mono">{l.error_code}</code>}</>],
                ['Streaming', l.stream ? 'yes' : 'no'],
              ]}
            />
          </Card>
          <Card title="Usage and timing">
            <Definitions
              items={[
                ['Latency', formatMs(l.latency_ms)],
                ['Time to first byte', formatMs(l.ttfb_ms)],
                ['Input tokens', formatInt(l.input_tokens)],
                ['Cache read tokens', formatInt(l.cache_read_tokens)],
                ['Cache write tokens', formatInt(l.cache_write_tokens)],
                ['Output tokens', formatInt(l.output_tokens)],
                ['Reasoning tokens', formatInt(l.reasoning_tokens)],
                ['Cost', <>{formatUsd(l.cost_usd)}{l.estimated ? ' (estimated)' : ''}</>],
              ]}
            />
          </Card>
          {extras.length > 0 && (
            <Card title="More" class="span-2">
              {extras.map(([k, v]) => (
                <div key={k} class="extra">
                  <h3>{k}</h3>
                  <pre class="pre">{typeof v === 'string' ? v : JSON.stringify(v, null, 2)}</pre>
                </div>
              ))}
            </Card>
          )}
        </div>
      )}
    </div>
  );
}
