import type { ComponentChildren } from 'preact';

interface Base {
  label: string;
  testid?: string;
  hint?: ComponentChildren;
  disabled?: boolean;
  required?: boolean;
  class?: string;
}

interface TextProps extends Base {
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'password' | 'number' | 'email' | 'url' | 'search' | 'datetime-local' | 'date';
  placeholder?: string;
  autoComplete?: string;
  min?: number | string;
  step?: number | string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  name?: string;
}

export function TextField(p: TextProps) {
  return (
    <label class={`field ${p.class ?? ''}`}>
      <span class="field-label">{p.label}</span>
      <input
        // Preact 11 types inputs as a union keyed by `type`; ours is chosen at runtime.
        type={(p.type ?? 'text') as 'text'}
        name={p.name}
        value={p.value}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        placeholder={p.placeholder}
        autoComplete={p.autoComplete ?? 'off'}
        min={p.min}
        step={p.step}
        inputMode={p.inputMode}
        required={p.required}
        disabled={p.disabled}
        data-testid={p.testid}
      />
      {p.hint && <span class="field-hint">{p.hint}</span>}
    </label>
  );
}

interface AreaProps extends Base {
  value: string;
  onValue: (v: string) => void;
  placeholder?: string;
  rows?: number;
}

export function TextAreaField(p: AreaProps) {
  return (
    <label class={`field ${p.class ?? ''}`}>
      <span class="field-label">{p.label}</span>
      <textarea
        value={p.value}
        rows={p.rows ?? 3}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        placeholder={p.placeholder}
        disabled={p.disabled}
        data-testid={p.testid}
      />
      {p.hint && <span class="field-hint">{p.hint}</span>}
    </label>
  );
}

interface SelectProps extends Base {
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string }[];
}

export function SelectField(p: SelectProps) {
  return (
    <label class={`field ${p.class ?? ''}`}>
      <span class="field-label">{p.label}</span>
      <select value={p.value} onChange={(e) => p.onValue(e.currentTarget.value)} disabled={p.disabled} data-testid={p.testid}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {p.hint && <span class="field-hint">{p.hint}</span>}
    </label>
  );
}

interface CheckProps extends Base {
  checked: boolean;
  onValue: (v: boolean) => void;
}

export function CheckboxField(p: CheckProps) {
  return (
    <label class={`field field-check ${p.class ?? ''}`}>
      <input type="checkbox" checked={p.checked} onChange={(e) => p.onValue(e.currentTarget.checked)} disabled={p.disabled} data-testid={p.testid} />
      <span class="field-label">{p.label}</span>
    </label>
  );
}

/** "gpt-*, claude-*" or one per line → ["gpt-*", "claude-*"]. */
export function parseList(v: string): string[] {
  return v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "" → null (no limit), otherwise a non-negative integer; NaN signals invalid input. */
export function parseLimit(v: string): number | null {
  const s = v.trim();
  if (!s) return null;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 ? n : Number.NaN;
}
