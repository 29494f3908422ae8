import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { API_ANSWERS, API_SCHEMAS } from './api.schemas.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const apiError = (description: string): ResponseObject => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });
const PUBLIC = new Set(['POST /api/auth/login']);
const OWN = new Set(['POST /api/auth/logout', 'GET /api/auth/me', 'GET /api/sessions', 'DELETE /api/sessions/{id}']);

/**
 * Complete the admin API's operations in the OpenAPI document: the answer schema of each (where its controller
 * declares none), the error envelopes every /api route shares (Nest's shape: 400 validation, 401 no session, 403 a
 * viewer writing, 404 an unknown id, 429 sign-in throttling), and the session security on every non-public route.
 */
export function completeAdminApi(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...API_SCHEMAS, ...document.components?.schemas } };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      answer(op, key);
      const responses = op.responses;
      // an error a controller declared without a body shape gets the envelope
      for (const [status, r] of Object.entries(responses)) {
        if (/^[45]/.test(status) && r && !('$ref' in r) && !r.content) responses[status] = apiError(r.description);
      }
      const has = (status: number): boolean => responses[String(status)] !== undefined;
      if ((op.requestBody || op.parameters?.length) && !has(400)) responses['400'] = apiError('Invalid input (each problem listed in `message`)');
      if (PUBLIC.has(key)) {
        if (!has(401)) responses['401'] = apiError('Wrong username or password (the same message for both)');
        if (!has(429)) responses['429'] = apiError('Too many failed sign-ins; see Retry-After');
        continue;
      }
      if (!has(401)) responses['401'] = apiError('No valid session');
      if (method !== 'get' && !OWN.has(key) && !has(403)) responses['403'] = apiError('Viewers may only read');
      if (path.includes('{') && !has(404)) responses['404'] = apiError('No such resource');
      const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
      op.security = [...(op.security ?? []), ...['session', 'session-cookie'].filter((s) => !schemes.has(s)).map((s) => ({ [s]: [] }))];
    }
  }
}

/** The success answer from API_ANSWERS when the controller declared none with a schema. */
function answer(op: OperationObject, key: string): void {
  const known = API_ANSWERS[key];
  if (!known) return;
  const declared = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
  if (declared.some(([, r]) => r !== undefined && 'content' in r && r.content)) return;
  for (const [status] of declared) delete op.responses[status];
  op.responses = op.responses ?? {};
  op.responses[String(known.status)] = known.schema
    ? { description: known.description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${known.schema}` } } } }
    : known.contentType
      ? { description: known.description, content: { [known.contentType]: { schema: { type: 'string', format: 'binary' } } } }
      : { description: known.description };
}
