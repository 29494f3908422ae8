import { toAnthropicEnvelope } from '../../common/index.js';
import { messagesFrame } from '../../providers/index.js';
import type { StreamSurface } from '../pipeline/surface.js';

/** The Messages surface's stream strategy: a failure after the first byte is one `event: error` frame. */
export const MESSAGES_SURFACE: StreamSurface = {
  name: 'messages',
  errorFrame: (error) => messagesFrame({ ...toAnthropicEnvelope(error) }),
};
