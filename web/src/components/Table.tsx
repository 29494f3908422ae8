import type { ComponentChildren } from 'preact';

export interface Column<T> {
  label: string;
  render: (row: T) => ComponentChildren;
  numeric?: boolean;
  class?: string;
}

interface Props<T> {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  rowTestId?: string;
  rowClass?: (row: T) => string | undefined;
  loading?: boolean;
  empty?: ComponentChildren;
  caption?: string;
  testid?: string;
}

export function Table<T>({ columns, rows, rowKey, rowTestId, rowClass, loading, empty, caption, testid }: Props<T>) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid={testid}>
        {caption && <caption class="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={[c.numeric ? 'num' : '', c.class ?? ''].join(' ').trim() || undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows?.map((r) => (
            <tr key={rowKey(r)} data-testid={rowTestId} class={rowClass?.(r)}>
              {columns.map((c, i) => (
                <td key={i} class={[c.numeric ? 'num' : '', c.class ?? ''].join(' ').trim() || undefined}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
          {(!rows || rows.length === 0) && (
            <tr class="table-empty">
              <td colSpan={columns.length}>{!rows && loading ? 'Loading…' : (empty ?? 'Nothing here yet.')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
