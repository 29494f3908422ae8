/** Incremental newline-delimited JSON splitter: yields each non-blank line (CR stripped), unparsed. */
export class NdjsonParser {
  private buffer = '';

  push(text: string): string[] {
    this.buffer += text;
    const parts = this.buffer.split('\n');
    this.buffer = parts.pop() ?? '';
    return parts.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  }

  /** The final line when the upstream closed without a trailing newline. */
  end(): string[] {
    const rest = this.buffer.replace(/\r$/, '');
    this.buffer = '';
    return rest.trim() === '' ? [] : [rest];
  }
}
