/**
 * The part of an AbortSignal the pipeline uses: `aborted`, and one-shot 'abort' listeners. A real AbortSignal fits
 * (tests pass one); the gateway passes a ClientAbortSignal.
 */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * "The client went away" for one request. Not an AbortSignal on purpose: Node 20 keeps every AbortSignal alive through
 * young-generation collections (each one, and whatever it references, is promoted to the old generation and only freed
 * by a full collection), which per request made the heap — and the process's RSS — grow under load. This is a plain
 * object with the same contract for the few members used: listeners run once, on the first abort.
 */
export class ClientAbortSignal implements AbortLike {
  aborted = false;
  private listeners: Array<() => void> | null = null;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (!listeners) return;
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = null;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // one listener's failure never stops the others (as with EventTarget)
      }
    }
  }
}
