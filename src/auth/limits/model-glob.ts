const cache = new Map<string, RegExp>();
const MAX_CACHED = 5_000;

/** A model glob (`*` any run of characters, `?` one character; everything else literal, case-sensitive) as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  re = new RegExp(`^${body}$`, 's');
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, re);
  return re;
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
    const re = globToRegExp(pattern);
    return re.test(model) || (bare !== null && re.test(bare));
  });
}
