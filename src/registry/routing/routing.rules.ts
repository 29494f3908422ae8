import type { RouteResolution, RouteTarget } from '../registry.types.js';
import { compileGlob, globMatch, hasWildcard, type CompiledGlob } from './glob.js';

export type RoutingStrategyName = 'ordered' | 'weighted' | 'least_busy' | 'lowest_latency';

/** A routing rule as configured (`routing:` in config.yaml): one `provider`, or several `targets` and a `strategy`. */
export interface RoutingRuleInput {
  match: string;
  provider?: string;
  targets?: ReadonlyArray<{ provider: string; weight?: number; model?: string }>;
  strategy?: RoutingStrategyName;
  fallback?: readonly string[];
  /** Rewrites the model id sent upstream. */
  model?: string;
}

/** One deployment of a rule, with its share (weight) and, when set, its own upstream model id. */
export interface CompiledTarget {
  readonly provider: string;
  readonly weight: number;
  readonly model?: string;
}

export type RuleKind = 'exact' | 'prefix' | 'glob';

export interface CompiledRule {
  readonly kind: RuleKind;
  readonly match: string;
  /** The first target (what single-provider rules name). */
  readonly provider: string;
  readonly targets: readonly CompiledTarget[];
  readonly strategy: RoutingStrategyName;
  readonly fallback: readonly string[];
  readonly model?: string;
  readonly prefix?: string;
  readonly glob?: CompiledGlob;
}

/** Rules split by class, each class in configuration order. */
export interface RouteTable {
  readonly exact: ReadonlyMap<string, CompiledRule>;
  readonly prefix: readonly CompiledRule[];
  readonly glob: readonly CompiledRule[];
  readonly size: number;
}

/** The contract's default routing by model name, used when no configured rule matches (and alone without a routing section). */
export const DEFAULT_ROUTING_RULES: readonly RoutingRuleInput[] = Object.freeze([
  { match: 'gpt-*', provider: 'openai' },
  { match: 'o1*', provider: 'openai' },
  { match: 'o3*', provider: 'openai' },
  { match: 'o4*', provider: 'openai' },
  { match: 'claude-*', provider: 'anthropic' },
  { match: 'gemini-*', provider: 'gemini' },
  { match: 'deepseek-*', provider: 'deepseek' },
  { match: 'grok-*', provider: 'xai' },
  { match: 'mistral-*', provider: 'mistral' },
  { match: 'codestral-*', provider: 'mistral' },
  { match: '*', provider: 'ollama' },
]);

/** exact: no wildcard; prefix: one trailing `*` after a literal; glob: anything else with `*`, `?`, `[…]` or `\`. */
export function classifyPattern(match: string): RuleKind {
  if (!hasWildcard(match)) return 'exact';
  if (match.endsWith('*') && !hasWildcard(match.slice(0, -1))) return 'prefix';
  return 'glob';
}

export function compileRule(rule: RoutingRuleInput): CompiledRule {
  const kind = classifyPattern(rule.match);
  const targets: CompiledTarget[] = rule.targets?.length
    ? rule.targets.map((t) => Object.freeze({ provider: t.provider, weight: t.weight ?? 1, ...(t.model ? { model: t.model } : {}) }))
    : [Object.freeze({ provider: rule.provider ?? '', weight: 1 })];
  const base = {
    kind,
    match: rule.match,
    provider: targets[0].provider,
    targets: Object.freeze(targets),
    strategy: rule.strategy ?? 'ordered',
    fallback: Object.freeze([...(rule.fallback ?? [])]),
    ...(rule.model ? { model: rule.model } : {}),
  };
  if (kind === 'prefix') return Object.freeze({ ...base, prefix: rule.match.slice(0, -1) });
  if (kind === 'glob') return Object.freeze({ ...base, glob: compileGlob(rule.match) });
  return Object.freeze(base);
}

export function compileRouteTable(rules: readonly RoutingRuleInput[]): RouteTable {
  const exact = new Map<string, CompiledRule>();
  const prefix: CompiledRule[] = [];
  const glob: CompiledRule[] = [];
  for (const rule of rules.map(compileRule)) {
    if (rule.kind === 'exact') {
      if (!exact.has(rule.match)) exact.set(rule.match, rule); // first one wins
    } else if (rule.kind === 'prefix') prefix.push(rule);
    else glob.push(rule);
  }
  return Object.freeze({ exact, prefix: Object.freeze(prefix), glob: Object.freeze(glob), size: rules.length });
}

export const DEFAULT_ROUTE_TABLE: RouteTable = compileRouteTable(DEFAULT_ROUTING_RULES);

/** First match wins: the exact rule, else the first matching prefix rule, else the first matching glob rule. */
export function findRule(table: RouteTable, model: string): CompiledRule | null {
  const exact = table.exact.get(model);
  if (exact) return exact;
  for (const rule of table.prefix) if (model.startsWith(rule.prefix ?? '')) return rule;
  for (const rule of table.glob) if (rule.glob && globMatch(rule.glob, model)) return rule;
  return null;
}

function fromRule(rule: CompiledRule, model: string, known: ReadonlySet<string>): RouteResolution | null {
  const upstreamModel = rule.model ?? model;
  const targets: RouteTarget[] = [];
  for (const t of rule.targets) {
    if (known.has(t.provider) && !targets.some((x) => x.provider === t.provider)) targets.push({ provider: t.provider, weight: t.weight, upstreamModel: t.model ?? upstreamModel });
  }
  const fallbacks: string[] = [];
  for (const name of rule.fallback) {
    if (known.has(name) && !fallbacks.includes(name) && !targets.some((x) => x.provider === name)) fallbacks.push(name);
  }
  // no target known: the first known fallback serves, as a single-provider rule always did
  if (targets.length === 0) {
    const first = fallbacks.shift();
    if (first === undefined) return null;
    targets.push({ provider: first, weight: 1, upstreamModel });
  }
  const resolution: RouteResolution = { provider: targets[0].provider, upstreamModel: targets[0].upstreamModel, fallbacks };
  // a plain single-provider rule keeps its plain shape
  if (rule.targets.length > 1 || rule.strategy !== 'ordered' || targets[0].upstreamModel !== upstreamModel) {
    resolution.targets = targets;
    resolution.strategy = rule.strategy;
  }
  return resolution;
}

/**
 * Pure routing decision. 1) `provider/model` when the prefix is a known provider name (upstream model: the rest);
 * 2) the configured rules; 3) the default table. The matched rule decides: its provider, else its first known
 * fallback, serves; null when none of them is known (no route). Never throws; same input, same answer.
 */
export function resolveRoute(model: string, known: ReadonlySet<string>, configured: RouteTable, defaults: RouteTable = DEFAULT_ROUTE_TABLE): RouteResolution | null {
  const slash = model.indexOf('/');
  if (slash > 0 && slash < model.length - 1) {
    const named = model.slice(0, slash);
    if (known.has(named)) {
      const upstreamModel = model.slice(slash + 1);
      return { provider: named, upstreamModel, fallbacks: [] };
    }
  }
  const rule = findRule(configured, model) ?? findRule(defaults, model);
  return rule ? fromRule(rule, model, known) : null;
}
