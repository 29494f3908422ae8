import { ApiError } from '../../common/index.js';

/** Small type checks for the hand-written request validators: each failure is a 400 naming the parameter. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function fail(param: string, message: string): never {
  throw ApiError.invalidRequest(message, param, 'invalid_value');
}

export function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

export function requireObject(body: unknown): Obj {
  if (!isObj(body)) throw ApiError.invalidRequest('The request body must be a JSON object.', null, 'invalid_body');
  return body;
}

export function modelOf(body: Obj): string {
  const model = body.model;
  if (absent(model)) throw ApiError.invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (typeof model !== 'string' || model.trim() === '') fail('model', "'model' must be a non-empty string.");
  if (model.length > 256) fail('model', "'model' must be at most 256 characters.");
  return model;
}

export function optBoolean(body: Obj, key: string, param = key): void {
  const v = body[key];
  if (!absent(v) && typeof v !== 'boolean') fail(param, `'${param}' must be a boolean.`);
}

export function optString(body: Obj, key: string, param = key): void {
  const v = body[key];
  if (!absent(v) && typeof v !== 'string') fail(param, `'${param}' must be a string.`);
}

export function optInt(body: Obj, key: string, min: number, max = Number.MAX_SAFE_INTEGER, param = key): void {
  const v = body[key];
  if (absent(v)) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(param, `'${param}' must be an integer.`);
  if (v < min || v > max) fail(param, `'${param}' must be between ${min} and ${max}.`);
}

export function optNumber(body: Obj, key: string, min: number, max: number, param = key): void {
  const v = body[key];
  if (absent(v)) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(param, `'${param}' must be a number.`);
  if (v < min || v > max) fail(param, `'${param}' must be between ${min} and ${max}.`);
}

export function optEnum(body: Obj, key: string, values: readonly string[], param = key): void {
  const v = body[key];
  if (absent(v)) return;
  if (typeof v !== 'string' || !values.includes(v)) fail(param, `'${param}' must be one of: ${values.join(', ')}.`);
}
