import fc from 'fast-check';
import { compileGlob, globMatch, hasWildcard } from '../../../../src/registry/routing/glob.js';

const match = (pattern: string, text: string): boolean => globMatch(compileGlob(pattern), text);

describe('glob patterns for routing rules', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at all', true],
    ['gpt-*', 'gpt-4o', true],
    ['gpt-*', 'gpt-', true],
    ['gpt-*', 'GPT-4o', false],
    ['*-mini', 'gpt-5-mini', true],
    ['*-mini', 'gpt-5-mini-2025', false],
    ['gpt-*-mini', 'gpt-5-mini', true],
    ['gpt-*-mini', 'gpt--mini', true],
    ['gpt-*-mini', 'gpt-mini', false],
    ['*llama*', 'meta-llama-3', true],
    ['*llama*', 'lama', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'abcabc', true],
    ['a*b*c', 'acb', false],
    ['o?-mini', 'o3-mini', true],
    ['o?-mini', 'o-mini', false],
    ['o?-mini', 'o33-mini', false],
    ['o[134]*', 'o3-pro', true],
    ['o[134]*', 'o2', false],
    ['o[1-4]', 'o2', true],
    ['o[1-4]', 'o5', false],
    ['o[4-1]', 'o2', true],
    ['o[!1-4]', 'o5', true],
    ['o[!1-4]', 'o2', false],
    ['o[^1-4]', 'o9', true],
    ['[]x]y', ']y', true],
    ['[]x]y', 'xy', true],
    ['a[b', 'a[b', true],
    ['a[b', 'ab', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a\\?', 'a?', true],
    ['trailing\\', 'trailing\\', true],
    ['**x', 'yyx', true],
    ['org/*/v1', 'org/team/v1', true],
    ['org/*/v1', 'org/a/b/v1', true],
    ['[a-c]-ü', 'b-ü', true],
    ['?', '😀', true],
  ])('%j vs %j → %s', (pattern, text, expected) => {
    expect(match(pattern, text)).toBe(expected);
  });

  it('knows which patterns have wildcards', () => {
    expect(hasWildcard('gpt-4o')).toBe(false);
    expect(hasWildcard('gpt-*')).toBe(true);
    expect(hasWildcard('o?')).toBe(true);
    expect(hasWildcard('o[12]')).toBe(true);
    expect(hasWildcard('a\\b')).toBe(true);
  });

  it('a literal pattern matches exactly itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((s) => !hasWildcard(s)), fc.string({ maxLength: 30 }), (lit, other) => {
        expect(match(lit, lit)).toBe(true);
        expect(match(lit, other)).toBe(lit === other);
      }),
    );
  });

  it('prefix* agrees with startsWith, *suffix with endsWith (property)', () => {
    const literal = fc.string({ maxLength: 12 }).filter((s) => !hasWildcard(s));
    fc.assert(
      fc.property(literal, fc.string({ maxLength: 30 }), (lit, text) => {
        expect(match(`${lit}*`, text)).toBe(text.startsWith(lit));
        expect(match(`*${lit}`, text)).toBe(text.endsWith(lit));
        expect(match(`*${lit}*`, text)).toBe(text.includes(lit));
      }),
    );
  });

  it('never throws on arbitrary patterns and texts, and answers the same twice (property)', () => {
    const alphabet = fc.constantFrom('*', '?', '[', ']', '!', '^', '-', '\\', 'a', 'b', '/', 'é', '😀');
    const patternArb = fc.oneof(fc.string({ maxLength: 40 }), fc.array(alphabet, { maxLength: 20 }).map((a) => a.join('')));
    fc.assert(
      fc.property(patternArb, fc.string({ maxLength: 40 }), (pattern, text) => {
        const g = compileGlob(pattern);
        const first = globMatch(g, text);
        expect(globMatch(compileGlob(pattern), text)).toBe(first);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays fast on pathological patterns (no exponential backtracking)', () => {
    const pattern = `${'*a'.repeat(30)}b`;
    const text = 'a'.repeat(5000);
    const started = performance.now();
    expect(match(pattern, text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
