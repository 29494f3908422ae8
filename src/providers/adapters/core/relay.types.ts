import type { NormalizedUsage, ProviderError } from './adapter.types.js';

/**
 * What a surface-shaped stream carries to the client: frames already in the client's wire format (a faithful relay
 * forwards the upstream's own events; a translation encodes them), usage read on the way, and the clean end.
 * `content: false` marks frames that carry no answer yet (a relay's message_start, pings): the pipeline may still
 * retry or fail over while it has sent only such frames. `tail` is the last frame, sent after settlement.
 */
export type RelayEvent =
  | { type: 'frame'; text: string; content: boolean }
  | { type: 'usage'; usage: NormalizedUsage }
  | { type: 'done'; tail: string }
  | { type: 'error'; error: ProviderError };

/** Raw upstream text (split anywhere) → relay events. Pure. Without a clean end, `end()` yields an error event. */
export interface RelayMapper {
  push(text: string): RelayEvent[];
  end(): RelayEvent[];
}
