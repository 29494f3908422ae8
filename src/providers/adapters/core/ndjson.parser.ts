import { MAX_FRAME_CHARS, frameTooLarge } from './sse.parser.js';

/**
 * Incremental newline-delimited JSON splitter: yields each non-blank line (CR stripped), unparsed. Linear in its
 * input (an unfinished line is held as pieces); a line over MAX_FRAME_CHARS throws (invalid upstream response).
 */
export class NdjsonParser {
  private pieces: string[] = [];
  private held = 0;

  push(text: string): string[] {
    const parts = text.split('\n');
    const last = parts.pop() ?? '';
    if (parts.length > 0 && this.pieces.length > 0) {
      parts[0] = this.pieces.join('') + parts[0];
      this.pieces = [];
      this.held = 0;
    }
    if (last !== '') {
      this.held += last.length;
      if (this.held > MAX_FRAME_CHARS) throw frameTooLarge();
      this.pieces.push(last);
    }
    return parts.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  }

  /** The final line when the upstream closed without a trailing newline. */
  end(): string[] {
    const rest = this.pieces.join('').replace(/\r$/, '');
    this.pieces = [];
    this.held = 0;
    return rest.trim() === '' ? [] : [rest];
  }
}
