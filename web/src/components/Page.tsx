import type { ComponentChildren } from 'preact';

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-head">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}

export function Card({ title, children, actions, class: cls, testid }: { title?: string; children: ComponentChildren; actions?: ComponentChildren; class?: string; testid?: string }) {
  return (
    <section class={`card ${cls ?? ''}`} data-testid={testid}>
      {(title || actions) && (
        <div class="card-head">
          {title && <h2>{title}</h2>}
          {actions && <div class="card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

export function Stat({ label, value, sub }: { label: string; value: ComponentChildren; sub?: ComponentChildren }) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {sub && <div class="stat-sub">{sub}</div>}
    </div>
  );
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof Error ? error.message : String(error);
  return (
    <p class="inline-error" role="alert">
      {text}
    </p>
  );
}

export function Definitions({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="defs">
      {items.map(([k, v]) => (
        <div class="def" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
