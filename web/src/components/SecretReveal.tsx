import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  secret: string;
  label?: string;
  onDone: () => void;
}

async function copyText(text: string, fallbackEl: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  if (!fallbackEl) return false;
  const range = document.createRange();
  range.selectNodeContents(fallbackEl);
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * Shows a freshly created secret exactly once. After "Done" the parent drops it from state and
 * it can never be displayed again.
 */
export function SecretReveal({ secret, label = 'New API key', onDone }: Props) {
  const codeRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    doneRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const copy = async () => setCopied(await copyText(secret, codeRef.current));

  return (
    <div class="secret" role="region" aria-label={label} data-testid="key-reveal">
      <p class="secret-warn">
        <strong>{label}.</strong> Copy it now: it is shown only once and cannot be recovered.
      </p>
      <div class="secret-row">
        <code ref={codeRef} class="secret-value" data-testid="key-secret">{secret}</code>
        <button type="button" class="btn" onClick={copy} data-testid="key-copy">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === false && <p class="field-hint">Copying is blocked here; the key is selected, press Ctrl+C / ⌘C.</p>}
      <button ref={doneRef} type="button" class="btn btn-primary" onClick={onDone} data-testid="key-secret-done">
        I have saved it
      </button>
    </div>
  );
}
