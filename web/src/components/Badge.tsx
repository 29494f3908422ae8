import type { ComponentChildren } from 'preact';
import { isErrorStatus } from '../format';

export function Badge({ tone, children, title }: { tone: 'ok' | 'warn' | 'err' | 'muted' | 'info'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const STATE_LABEL: Record<string, string> = { closed: 'healthy', open: 'open (failing)', half_open: 'half-open (probing)' };

/** Circuit-breaker state: closed = healthy, half_open = probing, open = failing. */
export function StateBadge({ state }: { state: string | null | undefined }) {
  const s = state ?? 'unknown';
  const tone = s === 'closed' ? 'ok' : s === 'half_open' ? 'warn' : s === 'open' ? 'err' : 'muted';
  return (
    <Badge tone={tone} title={`circuit breaker: ${s}`}>
      {STATE_LABEL[s] ?? s}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: unknown }) {
  const text = status === null || status === undefined || status === '' ? '—' : String(status);
  return <Badge tone={isErrorStatus(status) ? 'err' : 'ok'}>{text}</Badge>;
}
