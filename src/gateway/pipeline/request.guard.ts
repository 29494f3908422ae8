import { ApiError } from '../../common/index.js';
import { AdapterError } from '../../providers/index.js';
import type { IdempotencyPort } from './gateway.ports.js';
import { abandonIdempotency } from './idempotency.gate.js';
import type { RequestFinisher } from './request.finisher.js';
import type { RequestTrace } from './request.trace.js';
import { ClientGoneError } from '../../providers/index.js';

/**
 * Run a /v1 request body so that every way out is accounted for: on an error the reservation is released, an
 * idempotency key is abandoned and the request is logged; the error is rethrown for the global filter (a
 * client that already left gets nothing).
 */
export async function guarded(trace: RequestTrace, finisher: RequestFinisher, idempotency: IdempotencyPort, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    await abandonIdempotency(idempotency, trace);
    if (err instanceof ClientGoneError) {
      await finisher.failed(trace, { status: 499, code: 'client_closed', message: err.message });
      return;
    }
    const api = err instanceof ApiError ? err : err instanceof AdapterError ? new ApiError(err.status, err.type, err.message, err.code, err.param) : null;
    await finisher.failed(trace, api ?? { status: 500, code: 'internal_error', message: 'Internal server error.' });
    throw api ?? err;
  }
}
