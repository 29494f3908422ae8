// Hand-written SVG charts. Geometry lives in SVG attributes and colours in theme.css classes,
// so nothing needs inline styles (strict CSP).
import { useState } from 'preact/hooks';

export interface Series {
  name: string;
  values: (number | null)[];
  /** CSS class for colour: s1..s4 or err. */
  tone: 's1' | 's2' | 's3' | 's4' | 'err';
  kind: 'bar' | 'line';
  /** Legend text instead of the series total (e.g. an average). */
  summary?: string;
}

interface Props {
  title: string;
  labels: string[];
  series: Series[];
  format: (v: number) => string;
  testid?: string;
}

const W = 640;
const H = 200;
const ML = 56;
const MR = 12;
const MT = 12;
const MB = 24;
const PW = W - ML - MR;
const PH = H - MT - MB;

export function niceMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  const f = max / exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * exp;
}

export function TimeChart({ title, labels, series, format, testid }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const n = labels.length;
  const step = PW / Math.max(n, 1);
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const x = (i: number) => ML + step * (i + 0.5);
  const y = (v: number) => MT + PH - (Math.max(0, v) / max) * PH;
  // Small ranges round several ticks to the same label ("1, 1, 0"): keep one tick per distinct label.
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max).filter((t, i, all) => i === 0 || format(t) !== format(all[i - 1]));
  const every = Math.max(1, Math.ceil(n / 6));

  const indexAt = (clientX: number, el: SVGSVGElement) => {
    const r = el.getBoundingClientRect();
    const vx = ((clientX - r.left) / r.width) * W;
    const i = Math.floor((vx - ML) / step);
    return i >= 0 && i < n ? i : null;
  };

  const onKey = (e: KeyboardEvent) => {
    if (!n) return;
    if (e.key === 'ArrowLeft') setHover((h) => Math.max(0, (h ?? n) - 1));
    else if (e.key === 'ArrowRight') setHover((h) => Math.min(n - 1, (h ?? -1) + 1));
    else if (e.key === 'Home') setHover(0);
    else if (e.key === 'End') setHover(n - 1);
    else return;
    e.preventDefault();
  };

  const total = (s: Series) => s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const summary = `${title}: ${series.map((s) => `${s.name} ${s.summary ?? `total ${format(total(s))}`}`).join(', ')} over ${n} points`;

  let tip = null;
  if (hover !== null && hover < n) {
    const lines = [labels[hover], ...series.map((s) => `${s.name}: ${s.values[hover] === null ? '—' : format(s.values[hover] ?? 0)}`)];
    const bw = Math.max(...lines.map((l) => l.length)) * 6.2 + 16;
    const bh = lines.length * 14 + 8;
    const right = x(hover) + 8;
    const bxx = right + bw > W - MR ? Math.max(ML, x(hover) - 8 - bw) : right;
    tip = (
      <g class="chart-tip" aria-hidden="true">
        <line x1={x(hover)} x2={x(hover)} y1={MT} y2={MT + PH} class="chart-cursor" />
        <rect x={bxx} y={MT} width={bw} height={bh} rx="4" class="chart-tip-box" />
        {lines.map((l, i) => (
          <text key={i} x={bxx + 8} y={MT + 16 + i * 14} class={i === 0 ? 'chart-tip-title' : 'chart-tip-text'}>
            {l}
          </text>
        ))}
      </g>
    );
  }

  return (
    <figure class="chart" data-testid={testid}>
      <figcaption class="chart-title">{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        class="chart-svg"
        role="img"
        aria-label={summary}
        tabIndex={0}
        onPointerMove={(e) => setHover(indexAt(e.clientX, e.currentTarget))}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKey}
        onBlur={() => setHover(null)}
      >
        {ticks.map((t, i) => (
          <g key={i}>
            <line x1={ML} x2={W - MR} y1={y(t)} y2={y(t)} class={i === 0 ? 'chart-axis' : 'chart-grid'} />
            <text x={ML - 6} y={y(t) + 3} class="chart-label" text-anchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {labels.map((l, i) =>
          i % every === 0 ? (
            <text key={i} x={x(i)} y={H - 6} class="chart-label" text-anchor="middle">
              {l}
            </text>
          ) : null,
        )}
        {series.map((s) =>
          s.kind === 'bar' ? (
            <g key={s.name} class={`chart-bars tone-${s.tone}`}>
              {s.values.map((v, i) =>
                v ? <rect key={i} x={x(i) - Math.max(1, step * 0.35)} width={Math.max(2, step * 0.7)} y={y(v)} height={MT + PH - y(v)} rx="1" /> : null,
              )}
            </g>
          ) : (
            <g key={s.name} class={`chart-line tone-${s.tone}`}>
              <path class="chart-area" d={areaPath(s.values, x, y)} />
              <path class="chart-stroke" d={linePath(s.values, x, y)} />
              {n <= 48 && s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r="2" />))}
            </g>
          ),
        )}
        {n === 0 && (
          <text x={ML + PW / 2} y={MT + PH / 2} class="chart-label" text-anchor="middle">
            No data in this range
          </text>
        )}
        {tip}
      </svg>
      <div class="chart-legend">
        {series.map((s) => (
          <span key={s.name} class="legend-item">
            <svg class={`legend-swatch tone-${s.tone}`} width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" rx="2" />
            </svg>
            {s.name}: {s.summary ?? format(total(s))}
          </span>
        ))}
      </div>
    </figure>
  );
}

function linePath(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

function areaPath(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  const pts = values.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (pts.length < 2) return '';
  const base = y(0);
  let d = `M${x(pts[0][0]).toFixed(1)} ${base.toFixed(1)}`;
  for (const [i, v] of pts) d += `L${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
  return `${d}L${x(pts[pts.length - 1][0]).toFixed(1)} ${base.toFixed(1)}Z`;
}

/** Horizontal proportion bar for breakdown tables. */
export function HBar({ value, max, tone = 's1' }: { value: number; max: number; tone?: Series['tone'] }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <svg class={`hbar tone-${tone}`} viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
      <rect class="hbar-track" width="100" height="6" rx="1" />
      <rect width={pct.toFixed(2)} height="6" rx="1" />
    </svg>
  );
}
