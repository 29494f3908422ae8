import fc from 'fast-check';
import { modelAllowed } from '../../../../src/auth/limits/model-glob.js';
import { compileGlob, globMatch } from '../../../../src/registry/routing/glob.js';

/** Milliseconds one call takes (the event loop is blocked that long per /v1 request). */
function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

describe('model allowlists: no catastrophic backtracking (issue 12, item 2)', () => {
  // The measured attack: a star-heavy allowlist against a long name that almost matches. With `*` turned into `.*`
  // one check took 1.3 s; one more star ran for tens of seconds.
  const patterns = ['*-*-*-*-mini', '*-*-*-*-*-mini', '*-*-*-*-*-*-*-*-mini', '*a*a*a*a*a*a*a*a*b', `${'*?'.repeat(40)}z`];
  const names = ['-'.repeat(255), `${'a-'.repeat(127)}x`, 'a'.repeat(255), `${'-mini'.repeat(51)}x`];

  it.each(patterns)('%s against 255-character near-misses stays far under the 1.3 s of the old regex (250 ms per check, even on a loaded machine)', (pattern) => {
    for (const name of names) {
      let admitted = true;
      const ms = timed(() => {
        admitted = modelAllowed([pattern], name);
      });
      expect(admitted).toBe(false);
      expect(ms).toBeLessThan(250);
    }
  });

  it('random star patterns against random long names: every check bounded, same answer as a reference matcher', () => {
    const piece = fc.constantFrom('*', '-', 'a', 'mini', '?', 'b');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 24 }), fc.stringMatching(/^[-ab]{200,255}$/), (parts, name) => {
        const pattern = parts.join('');
        let admitted = false;
        const ms = timed(() => {
          admitted = modelAllowed([pattern], name);
        });
        expect(ms).toBeLessThan(250);
        // one dialect: the allowlist answers exactly what the routing rules' matcher answers
        expect(admitted).toBe(globMatch(compileGlob(pattern), name));
      }),
      { numRuns: 150 },
    );
  });

  it('speaks the routing rules\' dialect: sets and escapes work in allowlists too', () => {
    expect(modelAllowed(['o[134]-*'], 'o3-mini')).toBe(true);
    expect(modelAllowed(['o[134]-*'], 'o2-mini')).toBe(false);
    expect(modelAllowed(['gpt-\\*'], 'gpt-*')).toBe(true);
    expect(modelAllowed(['gpt-\\*'], 'gpt-4o')).toBe(false);
  });
});
