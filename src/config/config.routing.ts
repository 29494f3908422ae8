import type { Env } from './config.env.js';
import type { AppConfig } from './config.schema.js';

/** Longest alias chain followed (`a → b → c …`); longer chains are refused like cycles. */
export const MAX_ALIAS_DEPTH = 16;

function checkAliases(aliases: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, target] of Object.entries(aliases)) {
    if (typeof target !== 'string' || target.trim() === '') problems.push(`aliases.${name} must be a model name`);
    else if (name.trim() === '') problems.push('aliases: an alias name must not be empty');
  }
  if (problems.length) return problems;
  const map = aliases as Record<string, string>;
  for (const name of Object.keys(map)) {
    const chain = [name];
    let current = map[name];
    while (Object.hasOwn(map, current)) {
      if (chain.includes(current)) {
        problems.push(`aliases.${name} forms a cycle: ${[...chain, current].join(' → ')}`);
        break;
      }
      chain.push(current);
      if (chain.length > MAX_ALIAS_DEPTH) {
        problems.push(`aliases.${name} chains more than ${MAX_ALIAS_DEPTH} aliases`);
        break;
      }
      current = map[current];
    }
  }
  return problems;
}

/** Each provider's `api_keys`: a key or a set key_env, and not mixed with api_key/api_key_env. Resolves key_env in place. */
function checkProviderKeys(config: AppConfig, env: Env): string[] {
  const problems: string[] = [];
  config.providers.forEach((p, i) => {
    if (!p.api_keys) return;
    if (p.api_keys.length === 0) problems.push(`providers.${i}.api_keys must list at least one key`);
    if (p.api_key !== undefined || p.api_key_env !== undefined) problems.push(`providers.${i}.api_keys cannot be combined with api_key or api_key_env`);
    p.api_keys.forEach((k, j) => {
      const at = `providers.${i}.api_keys.${j}`;
      if (k.key === undefined && k.key_env === undefined) problems.push(`${at} needs key or key_env`);
      else if (k.key === undefined && k.key_env !== undefined) {
        const value = env[k.key_env];
        if (!value) problems.push(`${at}.key_env: the variable ${k.key_env} is not set`);
        else k.key = value;
      }
    });
  });
  return problems;
}

/**
 * Rules with several deployments (`routing[].targets`, `strategy`), several keys per provider (`api_keys`) and
 * `aliases`: a rule names `provider` or `targets`; every target is a configured provider; aliases form no cycle.
 * Weights ≤ 0 and unknown strategies are refused by the schema itself.
 */
export function validateRouting(config: AppConfig, env: Env): string[] {
  const problems: string[] = [];
  const known = new Set(config.providers.map((p) => p.name));
  config.routing.forEach((rule, i) => {
    const hasTargets = rule.targets !== undefined;
    if (!rule.provider && !hasTargets) problems.push(`routing.${i} needs provider or targets`);
    if (rule.provider && hasTargets) problems.push(`routing.${i} names both provider and targets; use targets`);
    if (hasTargets && rule.targets!.length === 0) problems.push(`routing.${i}.targets must list at least one target`);
    rule.targets?.forEach((t, j) => {
      if (!known.has(t.provider)) problems.push(`routing.${i}.targets.${j}.provider "${t.provider}" is not a configured provider`);
    });
  });
  problems.push(...checkAliases(config.aliases ?? {}));
  problems.push(...checkProviderKeys(config, env));
  return problems;
}
