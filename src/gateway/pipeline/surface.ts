import type { ApiError } from '../../common/index.js';

/** The /v1 surface a request came in on (request logs, live feed, usage). */
export type SurfaceName = 'chat' | 'embeddings' | 'messages' | 'responses';

/**
 * What differs between streaming surfaces once a stream is open (the per-surface strategy of frame.relay.ts): how a
 * failure after the first byte is told to the client. Frames themselves come from the surface's mapper.
 */
export interface StreamSurface {
  readonly name: SurfaceName;
  /** The one frame that ends a stream after a failure (in the surface's own error envelope). */
  errorFrame(error: ApiError): string;
}
