import { compileGlob, globMatch, type CompiledGlob } from '../../common/index.js';

const cache = new Map<string, CompiledGlob>();
const MAX_CACHED = 5_000;

/**
 * An allowlist pattern compiled in the gateway's one glob dialect (the routing rules' linear-time matcher:
 * `*`, `?`, `[a-z]`, `\x`), cached by pattern.
 */
function compiled(pattern: string): CompiledGlob {
  let glob = cache.get(pattern);
  if (glob) return glob;
  glob = compileGlob(pattern);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, glob);
  return glob;
}

/**
 * Does an allowlist admit `model`? null: every model. A model named with its provider (`openai/gpt-4o`)
 * also matches by its bare id (`gpt-*`).
 */
export function modelAllowed(allowed: readonly string[] | null, model: string): boolean {
  if (allowed === null) return true;
  const slash = model.indexOf('/');
  const bare = slash > 0 ? model.slice(slash + 1) : null;
  return allowed.some((pattern) => {
    const glob = compiled(pattern);
    return globMatch(glob, model) || (bare !== null && globMatch(glob, bare));
  });
}
