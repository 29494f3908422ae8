// Display formatting. Money stays a plain `$12.34` (no grouping) so it reads and parses easily.

const DASH = '—';

/**
 * USD, trailing zeros trimmed but at least 2 decimals kept: $12.34, $5.000123, $0.00011625. Money is exact to 10
 * decimals (1e-10 USD): an amount below $1 shows all 10 (a JSON number carries those exactly); from $1 up a number
 * shows 6, and the exact decimal text (the API's `*_exact` fields) shows every digit it has.
 */
export function formatUsd(v: number | string | null | undefined): string {
  if (typeof v === 'string') return formatUsdText(v);
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const abs = Math.abs(v);
  if (abs === 0) return '$0.00';
  return formatUsdText(`${v < 0 ? '-' : ''}${abs.toFixed(abs >= 1 ? 6 : 10)}`);
}

function formatUsdText(text: string): string {
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return DASH;
  let s = `${m[2]}.${m[3] ?? ''}`;
  s = s.replace(/0+$/, '');
  const decimals = s.length - s.indexOf('.') - 1;
  if (decimals < 2) s += '0'.repeat(2 - decimals);
  if (/^0\.0+$/.test(s)) return '$0.00';
  return `${m[1] ?? ''}$${s}`;
}

/** Price per 1M tokens. */
export function formatPrice(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (v === 0) return 'free';
  return formatUsd(v);
}

const intFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export function formatInt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return intFmt.format(v);
}

export function formatCompact(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return formatInt(v);
}

export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (v >= 10000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  return `${Math.round(v)} ms`;
}

export function formatBytes(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = v;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h ${m}m`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

export function parseTime(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return v < 1e12 ? v * 1000 : v;
  let s = v.trim();
  // "2025-01-02 13:00:00" (SQL) → ISO; bare timestamps are UTC.
  if (/^\d{4}-\d{2}-\d{2} \d/.test(s)) s = s.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(s)) s += s.length === 13 ? ':00Z' : 'Z';
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export function formatDate(v: string | number | null | undefined): string {
  const t = parseTime(v);
  return t === null ? (v ? String(v) : DASH) : dateFmt.format(t);
}

export function formatRelative(v: string | number | null | undefined, now = Date.now()): string {
  const t = parseTime(v);
  if (t === null) return DASH;
  const diff = Math.round((now - t) / 1000);
  const abs = Math.abs(diff);
  const unit = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.floor(abs / 60)}m` : abs < 86400 ? `${Math.floor(abs / 3600)}h` : `${Math.floor(abs / 86400)}d`;
  return diff >= 0 ? `${unit} ago` : `in ${unit}`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/** Total tokens from a number or an object of per-kind counts. */
export function totalTokens(t: unknown): number | null {
  if (typeof t === 'number') return t;
  if (t && typeof t === 'object') {
    const o = t as Record<string, unknown>;
    if (typeof o.total === 'number') return o.total;
    let sum = 0;
    for (const v of Object.values(o)) if (typeof v === 'number') sum += v;
    return sum;
  }
  return null;
}

/** True when a request status means failure (HTTP status >= 400 or an error word). */
export function isErrorStatus(s: unknown): boolean {
  if (typeof s === 'number') return s >= 400;
  if (typeof s === 'string') {
    const n = Number(s);
    if (Number.isFinite(n) && s.trim() !== '') return n >= 400;
    return /err|fail|timeout|cancel|abort/i.test(s);
  }
  return false;
}

/** Value for <input type="datetime-local"> from an ISO timestamp, in local time. */
export function toLocalInput(iso: string | number | null | undefined): string {
  const t = parseTime(iso);
  if (t === null) return '';
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO timestamp from a datetime-local input value (local time), or undefined when empty. */
export function fromLocalInput(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const SCALE = 10;
const toUnits = (d: string): bigint => {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(d.trim());
  if (!m) throw new RangeError(`not a decimal: ${d}`);
  const units = BigInt(m[2] + (m[3] ?? '').padEnd(SCALE, '0').slice(0, SCALE));
  return m[1] ? -units : units;
};

/** The exact sum of two decimal strings as the server sends them (`*_exact`, at most 10 decimals), trailing zeros trimmed. */
export function addDecimal(a: string, b: string): string {
  const sum = toUnits(a) + toUnits(b);
  const abs = (sum < 0n ? -sum : sum).toString().padStart(SCALE + 1, '0');
  const frac = abs.slice(-SCALE).replace(/0+$/, '');
  return `${sum < 0n ? '-' : ''}${abs.slice(0, -SCALE)}${frac ? `.${frac}` : ''}`;
}
