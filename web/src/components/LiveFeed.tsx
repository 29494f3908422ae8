import { formatMs, formatTime, formatUsd, totalTokens, formatInt } from '../format';
import { useLiveFeed, useLiveStatus } from '../hooks';
import { StatusBadge } from './Badge';

/** Requests as they happen (newest first), from the /ws feed. */
export function LiveFeed() {
  const items = useLiveFeed();
  const status = useLiveStatus();
  return (
    <div class="live-feed-wrap">
      {items.length === 0 && (
        <p class="muted live-empty">{status === 'open' ? 'Waiting for requests…' : 'Connecting to the live feed…'}</p>
      )}
      <ol class="live-feed" data-testid="live-feed" aria-live="polite" aria-relevant="additions">
        {items.map((r) => (
          <li key={r.seq} class="live-row" data-testid="live-row">
            <span class="live-time muted">{formatTime(r.received_at)}</span>
            <StatusBadge status={r.status} />
            <span class="live-model" title={`model (${r.surface ?? 'chat'})`}>
              {r.model ?? '—'}
              {r.surface && r.surface !== 'chat' && <span class="muted small" data-testid="live-surface"> · {r.surface}</span>}
            </span>
            <span class="live-client" title="client">{r.client ?? '—'}</span>
            <span class="live-provider muted" title="provider">{r.provider ?? '—'}</span>
            <span class="live-num" title="latency">{formatMs(r.latency_ms)}</span>
            <span class="live-num" title="tokens">{formatInt(totalTokens(r.tokens))} tok</span>
            <span class="live-num" title="cost">{formatUsd(r.cost_usd)}</span>
            {r.request_id && (
              <a class="live-link" href={`#/logs/${encodeURIComponent(r.request_id)}`} aria-label={`Log entry for request ${r.request_id}`}>
                details
              </a>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
