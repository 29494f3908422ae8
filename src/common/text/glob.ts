/**
 * The gateway's one glob dialect (routing rules, key allowlists), case-sensitive: `*` any run of characters (`/` included), `?` one character,
 * `[abc]`, `[a-z]`, `[!a-z]`/`[^a-z]` one character of (not of) a set, `\x` a literal x. An unclosed `[` is literal.
 * Matching is linear-time backtracking over one-character tokens: no regular expressions, never throws.
 */

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'lit'; ch: string }
  | { kind: 'set'; negate: boolean; ranges: Array<[number, number]> };

export interface CompiledGlob {
  readonly pattern: string;
  readonly tokens: readonly Token[];
}

/** Characters that make a pattern more than a literal string. */
export function hasWildcard(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

function parseSet(chars: string[], start: number): { token: Token; next: number } | null {
  let i = start + 1;
  let negate = false;
  if (chars[i] === '!' || chars[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: Array<[number, number]> = [];
  let first = true;
  while (i < chars.length && (chars[i] !== ']' || first)) {
    first = false;
    let lo = chars[i];
    if (lo === '\\' && i + 1 < chars.length) lo = chars[++i];
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      let hi = chars[i + 2];
      let skip = 3;
      if (hi === '\\' && i + 3 < chars.length) {
        hi = chars[i + 3];
        skip = 4;
      }
      const a = lo.codePointAt(0) ?? 0;
      const b = hi.codePointAt(0) ?? 0;
      ranges.push(a <= b ? [a, b] : [b, a]);
      i += skip;
    } else {
      const c = lo.codePointAt(0) ?? 0;
      ranges.push([c, c]);
      i++;
    }
  }
  if (i >= chars.length) return null; // no closing ]
  return { token: { kind: 'set', negate, ranges }, next: i + 1 };
}

export function compileGlob(pattern: string): CompiledGlob {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; ) {
    const c = chars[i];
    if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      i++;
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === '\\' && i + 1 < chars.length) {
      tokens.push({ kind: 'lit', ch: chars[i + 1] });
      i += 2;
    } else if (c === '[') {
      const set = parseSet(chars, i);
      if (set) {
        tokens.push(set.token);
        i = set.next;
      } else {
        tokens.push({ kind: 'lit', ch: c });
        i++;
      }
    } else {
      tokens.push({ kind: 'lit', ch: c });
      i++;
    }
  }
  return Object.freeze({ pattern, tokens: Object.freeze(tokens) });
}

function matchesOne(token: Token, ch: string): boolean {
  switch (token.kind) {
    case 'any':
      return true;
    case 'lit':
      return token.ch === ch;
    case 'set': {
      const code = ch.codePointAt(0) ?? 0;
      const inside = token.ranges.some(([lo, hi]) => code >= lo && code <= hi);
      return inside !== token.negate;
    }
    default:
      return false;
  }
}

/** Does the whole text match? O(text × pattern) worst case. */
export function globMatch(glob: CompiledGlob, text: string): boolean {
  const s = Array.from(text);
  const p = glob.tokens;
  let si = 0;
  let pi = 0;
  let starPi = -1;
  let starSi = 0;
  while (si < s.length) {
    if (pi < p.length && p[pi].kind === 'star') {
      starPi = pi++;
      starSi = si;
    } else if (pi < p.length && matchesOne(p[pi], s[si])) {
      pi++;
      si++;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi].kind === 'star') pi++;
  return pi === p.length;
}
