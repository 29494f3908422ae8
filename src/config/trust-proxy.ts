import { isIP } from 'node:net';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** `server.trust_proxy`: false (default), true (every hop), a hop count, or the proxies' addresses / CIDRs. Fastify's trustProxy takes each as is. */
export type TrustProxy = boolean | number | string[];

/** An IPv4/IPv6 address, or one with a /prefix in range. */
export function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * What the file or the environment wrote, as Fastify's shape: "2" → 2, "10.0.0.0/8, 192.168.0.0/16" → a list.
 * "true"/"false" → booleans. Anything else is left for the validator to name.
 */
export function normalizeTrustProxy(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    if (/^\d+$/.test(text)) return Number(text);
    if (text.startsWith('[')) {
      try {
        return normalizeTrustProxy(JSON.parse(text));
      } catch {
        return value;
      }
    }
    return text.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v.trim() : v));
  return value;
}

export function isTrustProxy(value: unknown): value is TrustProxy {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 100;
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && isAddressOrCidr(v));
}

export function IsTrustProxy(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => isTrustProxy(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'trust_proxy'} must be false, true, a hop count or a list of proxy addresses/CIDRs (e.g. ["10.0.0.0/8"])`,
      },
    });
  };
}

/**
 * trust_proxy in the shape Fastify applies. A hop count becomes "trust the nearest N hops" (proxy-addr's classic
 * meaning: the operator states how many proxies stand in front); Fastify itself refuses a bare number.
 */
export function fastifyTrustProxy(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') {
    const hops = value;
    return hops > 0 ? (_address: string, hop: number) => hop < hops : false;
  }
  return value;
}
