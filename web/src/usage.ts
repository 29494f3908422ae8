// Turns /api/usage rows grouped by hour or day into evenly spaced chart slots (missing slots = 0).
import type { UsageRow } from './api/types';
import { addDecimal, parseTime } from './format';

export interface Slots {
  labels: string[];
  rows: (UsageRow | null)[];
}

const HOUR = 3600_000;
const DAY = 86400_000;

export function bucketUsage(rows: UsageRow[], fromMs: number, toMs: number, group: 'hour' | 'day'): Slots {
  const size = group === 'hour' ? HOUR : DAY;
  const times = rows.map((r) => parseTime(r.key));
  if (times.some((t) => t === null)) {
    // Keys we cannot read as times: show them in order as categories.
    const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
    return { labels: sorted.map((r) => r.key), rows: sorted };
  }
  const first = Math.floor(fromMs / size);
  const last = Math.floor(toMs / size);
  const count = Math.max(0, Math.min(2000, last - first + 1));
  const slots: (UsageRow | null)[] = new Array(count).fill(null);
  rows.forEach((r, i) => {
    const idx = Math.floor((times[i] as number) / size) - first;
    if (idx < 0 || idx >= count) return;
    slots[idx] = slots[idx] ? merge(slots[idx] as UsageRow, r) : r;
  });
  const labels = slots.map((_, i) => label((first + i) * size, group, count));
  return { labels, rows: slots };
}

function merge(a: UsageRow, b: UsageRow): UsageRow {
  const req = a.requests + b.requests;
  const lat = req ? ((a.avg_latency_ms ?? 0) * a.requests + (b.avg_latency_ms ?? 0) * b.requests) / req : null;
  return {
    key: a.key,
    requests: req,
    errors: a.errors + b.errors,
    input_tokens: a.input_tokens + b.input_tokens,
    cache_read_tokens: a.cache_read_tokens + b.cache_read_tokens,
    cache_write_tokens: a.cache_write_tokens + b.cache_write_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_tokens: a.reasoning_tokens + b.reasoning_tokens,
    cost_usd: a.cost_usd + b.cost_usd,
    cost_usd_exact: addDecimal(a.cost_usd_exact, b.cost_usd_exact),
    avg_latency_ms: lat,
  };
}

function label(ms: number, group: 'hour' | 'day', count: number): string {
  const d = new Date(ms);
  if (group === 'day') return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  if (count > 30) return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export interface Totals {
  requests: number;
  errors: number;
  cost: number;
  tokens: number;
  input: number;
  output: number;
  avgLatency: number | null;
}

export function totals(rows: UsageRow[]): Totals {
  let latW = 0;
  let latN = 0;
  const t: Totals = { requests: 0, errors: 0, cost: 0, tokens: 0, input: 0, output: 0, avgLatency: null };
  for (const r of rows) {
    t.requests += r.requests;
    t.errors += r.errors;
    t.cost += r.cost_usd;
    t.input += r.input_tokens + r.cache_read_tokens + r.cache_write_tokens;
    t.output += r.output_tokens;
    if (r.avg_latency_ms !== null && r.requests) {
      latW += r.avg_latency_ms * r.requests;
      latN += r.requests;
    }
  }
  t.tokens = t.input + t.output;
  t.avgLatency = latN ? latW / latN : null;
  return t;
}
