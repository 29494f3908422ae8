import { useEffect, useState } from 'preact/hooks';
import { dismissNotice, subscribeNotices, type Notice } from '../notices';

/** Error banner (sticky until dismissed) and success toasts, above everything including dialogs. */
export function Notices() {
  const [items, setItems] = useState<Notice[]>([]);
  useEffect(() => subscribeNotices(setItems), []);
  const errors = items.filter((n) => n.kind === 'error');
  const toasts = items.filter((n) => n.kind === 'success');
  return (
    <div class="notices">
      {errors.length > 0 && (
        <div class="error-banner" role="alert" data-testid="error-banner">
          {errors.map((n) => (
            <div class="error-item" key={n.id}>
              <span class="error-text">{n.text}</span>
              <button type="button" class="icon-btn" aria-label="Dismiss error" onClick={() => dismissNotice(n.id)}>
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      <div class="toasts" role="status" aria-live="polite">
        {toasts.map((n) => (
          <div class="toast" key={n.id} data-testid="toast">
            {n.text}
          </div>
        ))}
      </div>
    </div>
  );
}
