import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { overlayEnv, resolveProviderEnv, type Env } from './config.env.js';
import { resolveAlertSecrets } from './alerts.config.js';
import { AppConfig, PriceConfig } from './config.schema.js';
import { validateRouting } from './config.routing.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const TYPE_RULES = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isIn', 'isObject', 'nestedValidation']);

function flatten(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      // A value of the wrong type also fails its range checks; name the type problem alone.
      const entries = Object.entries(e.constraints);
      const typeProblems = entries.filter(([rule]) => TYPE_RULES.has(rule));
      for (const [rule, message] of typeProblems.length ? typeProblems : entries) {
        if (rule === 'whitelistValidation') {
          out.push(`${path} is not a known key`);
          continue;
        }
        // class-validator names the leaf property; name the full path instead.
        out.push(message.startsWith(`${e.property} `) ? `${path}${message.slice(e.property.length)}` : `${path}: ${message}`);
      }
    }
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

function validatePricing(config: AppConfig): string[] {
  const problems: string[] = [];
  config.providers.forEach((p, i) => {
    if (p.pricing === undefined) return;
    for (const [model, price] of Object.entries(p.pricing)) {
      const typed = plainToInstance(PriceConfig, price ?? {});
      for (const msg of flatten(validateSync(typed, { forbidNonWhitelisted: true, whitelist: true }), `providers.${i}.pricing.${model}`)) problems.push(msg);
      p.pricing[model] = typed;
    }
  });
  const names = new Set<string>();
  config.providers.forEach((p, i) => {
    if (names.has(p.name)) problems.push(`providers.${i}.name "${p.name}" is defined twice`);
    names.add(p.name);
    if (!p.base_url && p.kind === 'openai-compatible' && !p.preset) problems.push(`providers.${i}.base_url is required for kind openai-compatible`);
  });
  return problems;
}

function readFile(path: string | undefined, required: boolean): Record<string, unknown> {
  if (!path) return {};
  if (!existsSync(path)) {
    if (required) throw new ConfigError([`GOPHERGATE_CONFIG: file ${path} does not exist`]);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${path}: not valid YAML (${(err as Error).message.split('\n')[0]})`]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError([`${path}: the top level must be a mapping`]);
  return parsed as Record<string, unknown>;
}

/**
 * Load the typed config: YAML file (GOPHERGATE_CONFIG, else ./config.yaml when present), then the environment on top.
 * Throws ConfigError naming every bad key.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const explicit = env.GOPHERGATE_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, 'config.yaml');
  const raw = readFile(path, Boolean(explicit));
  const problems = overlayEnv(raw, env);
  resolveProviderEnv(raw, env);
  resolveAlertSecrets(raw, env);
  const runtime = (raw.runtime ?? {}) as Record<string, unknown>;
  runtime.config_path = existsSync(path) ? path : undefined;
  raw.runtime = runtime;

  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  problems.push(...flatten(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })));
  if (problems.length === 0) problems.push(...validatePricing(config));
  if (problems.length === 0) problems.push(...validateRouting(config, env));
  if (problems.length > 0) throw new ConfigError(problems);
  config.runtime.data_dir = resolve(cwd, config.runtime.data_dir);
  return config;
}
