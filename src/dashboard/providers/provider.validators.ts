import { ValidateIf, registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Optional, but when present it must not be null (PATCH: absent keeps the value, null is not a value). */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

export const MAX_BASE_URL_LENGTH = 500;

/** Why a base URL is refused, or null when it is an acceptable http(s) URL. */
export function baseUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
  if (value.length > MAX_BASE_URL_LENGTH) return `must be at most ${MAX_BASE_URL_LENGTH} characters`;
  if (/\s/.test(value)) return 'must not contain spaces';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not carry credentials (use api_key)';
  if (url.search || url.hash) return 'must not carry a query string or fragment';
  return null;
}

export function IsHttpBaseUrl(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHttpBaseUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => baseUrlProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'base_url'} ${baseUrlProblem(args?.value) ?? 'is invalid'}`,
      },
    });
}

const PRICE_FIELDS = new Set(['input', 'output', 'cache_read', 'cache_write']);
const MAX_PRICE = 1_000_000;
export const MAX_PRICED_MODELS = 1000;

/** Why a pricing map is refused, or null: `{ "<model>": { input, output, cache_read?, cache_write? } }`, USD per 1M tokens. */
export function pricingProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of model → { input, output }';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PRICED_MODELS) return `must price at most ${MAX_PRICED_MODELS} models`;
  for (const [model, price] of entries) {
    if (!model || model.length > 200) return 'model names must be 1-200 characters';
    if (!price || typeof price !== 'object' || Array.isArray(price)) return `"${model.slice(0, 60)}" must be an object { input, output }`;
    const p = price as Record<string, unknown>;
    for (const key of Object.keys(p)) {
      if (!PRICE_FIELDS.has(key)) return `"${model.slice(0, 60)}" has an unknown field "${key.slice(0, 40)}" (input, output, cache_read, cache_write)`;
    }
    for (const key of ['input', 'output']) {
      if (p[key] === undefined) return `"${model.slice(0, 60)}" needs ${key}`;
    }
    for (const [key, v] of Object.entries(p)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_PRICE) return `"${model.slice(0, 60)}".${key} must be a number from 0 to ${MAX_PRICE}`;
    }
  }
  return null;
}

export function IsPricingMap(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPricingMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => pricingProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'pricing'} ${pricingProblem(args?.value) ?? 'is invalid'}`,
      },
    });
}
