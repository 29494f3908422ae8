export { Tracing } from './tracing.service.js';
export { registerObservationHooks, OVERHEAD_HEADER } from './observation.hooks.js';
export { RequestObservation, attachObservation, observationOf, observationFor, type SpanFactory } from './request-observation.js';
export { surfaceOf, type Surface } from './surface.js';
