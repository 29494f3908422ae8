import { periodResetsAt, periodStart } from '../../../../src/billing/index.js';
import { largestFittingMaxTokens } from '../../../../src/billing/index.js';
import { reservationFor } from '../../../../src/billing/index.js';
import { tagsOf } from '../../../../src/gateway/pipeline/request.headers.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('budget periods (UTC)', () => {
  it.each([
    ['day', '2026-12-09T23:59:59.999Z', '2026-12-09T00:00:00.000Z', '2026-12-10T00:00:00.000Z'],
    ['day', '2026-12-10T00:00:00.000Z', '2026-12-10T00:00:00.000Z', '2026-12-11T00:00:00.000Z'],
    ['week', '2026-12-09T15:00:00.000Z', '2026-12-07T00:00:00.000Z', '2026-12-14T00:00:00.000Z'], // Wednesday → Monday
    ['week', '2026-12-13T23:59:59.000Z', '2026-12-07T00:00:00.000Z', '2026-12-14T00:00:00.000Z'], // Sunday still that week
    ['week', '2026-12-14T00:00:00.000Z', '2026-12-14T00:00:00.000Z', '2026-12-21T00:00:00.000Z'], // Monday starts a new one
    ['week', '2027-01-01T12:00:00.000Z', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'], // across the year
    ['month', '2026-12-31T23:59:59.000Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['month', '2028-02-29T10:00:00.000Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
  ] as const)('%s at %s starts %s and resets %s', (period, now, start, resets) => {
    expect(iso(periodStart(period, at(now)))).toBe(start);
    expect(iso(periodResetsAt(period, at(now)))).toBe(resets);
  });

  it('total never rolls', () => {
    expect(periodStart('total', at('2026-12-09T10:00:00Z'))).toBe(0);
    expect(periodResetsAt('total', at('2026-12-09T10:00:00Z'))).toBeNull();
  });
});

describe('the largest max_tokens that fits', () => {
  const price = { input: 0.25, output: 2, cacheRead: 0.025 };
  it('is the largest value whose worst case fits, and one more does not', () => {
    for (const available of [3_000_000n, 10_000_000n, 25_000_000n, 100_000_000n]) {
      const fit = largestFittingMaxTokens(price, 40, available, 100_000);
      expect(reservationFor(price, 40, fit).reserveE10).toBeLessThanOrEqual(available);
      expect(reservationFor(price, 40, fit + 1).reserveE10).toBeGreaterThan(available);
    }
  });
  it('is 0 when even the prompt does not fit', () => {
    expect(largestFittingMaxTokens(price, 100_000, 100_000n, 4096)).toBe(0);
  });
});

describe('x-gophergate-tags', () => {
  it('accepts up to 10 tags, trims and de-duplicates them', () => {
    expect(tagsOf(undefined)).toEqual([]);
    expect(tagsOf(' team-a , checkout:v2,team-a')).toEqual(['team-a', 'checkout:v2']);
    expect(tagsOf(Array.from({ length: 10 }, (_, i) => `t${i}`).join(','))).toHaveLength(10);
  });
  it.each(['', 'a,,b', 'with space', 'x'.repeat(65), Array.from({ length: 11 }, (_, i) => `t${i}`).join(','), 'caf\u00e9', 'a;b'])('refuses %j with a 400', (header) => {
    expect(() => tagsOf(header)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_tags', param: 'x-gophergate-tags' }));
  });
});
