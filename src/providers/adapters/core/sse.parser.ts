import { AdapterError } from './adapter.error.js';

/** The most one SSE line or event (or one NDJSON line) may hold: a larger frame is refused, never buffered. */
export const MAX_FRAME_CHARS = 16 * 1024 * 1024;

export function frameTooLarge(): AdapterError {
  return new AdapterError(`The upstream sent a stream frame larger than ${MAX_FRAME_CHARS / 1024 / 1024} MiB.`, null, { status: 502, type: 'upstream_error', code: 'invalid_upstream_response' });
}

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * Incremental Server-Sent Events parser (WHATWG rules): lines end with CRLF, LF or CR (a CR at the end
 * of one push followed by LF at the start of the next is one line break), a blank line dispatches,
 * `data:` lines join with "\n", `:` lines are comments, a leading BOM is dropped. Pure: no I/O.
 * Linear in its input: only new text is scanned, and an unfinished line is held as pieces, joined once complete.
 * A line or event over MAX_FRAME_CHARS throws (an AdapterError: invalid upstream response).
 */
export class SseParser {
  private pieces: string[] = [];
  private held = 0;
  private pendingCR = false;
  private started = false;
  private data: string[] = [];
  private dataChars = 0;
  private event: string | undefined;
  private id: string | undefined;

  push(text: string): SseEvent[] {
    let input = text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    if (this.pendingCR && input.startsWith('\n')) input = input.slice(1);
    this.pendingCR = false;
    const out: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.takeLine(input.slice(start, i));
      if (c === 13) {
        if (i + 1 < input.length) {
          if (input.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    if (start < input.length) {
      this.held += input.length - start;
      if (this.held + this.dataChars > MAX_FRAME_CHARS) throw frameTooLarge();
      this.pieces.push(input.slice(start));
    }
    return out;
  }

  /** At close: an unterminated final event is still delivered (lenient), the rest is discarded. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.held > 0) {
      const ev = this.line(this.takeLine(''));
      if (ev) out.push(ev);
    }
    const last = this.dispatch();
    if (last) out.push(last);
    return out;
  }

  /** The held start of a line plus its end. */
  private takeLine(tail: string): string {
    if (this.pieces.length === 0) return tail;
    const line = this.pieces.join('') + tail;
    this.pieces = [];
    this.held = 0;
    return line;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.dataChars += value.length + 1;
      if (this.dataChars > MAX_FRAME_CHARS) throw frameTooLarge();
      this.data.push(value);
    }
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hasData = this.data.length > 0;
    const ev: SseEvent = { data: this.data.join('\n') };
    if (this.event !== undefined) ev.event = this.event;
    if (this.id !== undefined) ev.id = this.id;
    this.data = [];
    this.dataChars = 0;
    this.event = undefined;
    return hasData ? ev : undefined;
  }
}
