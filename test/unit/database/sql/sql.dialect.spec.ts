import { decodeCursor, encodeCursor } from '../../../../src/logging/index.js';
import { toSqlite } from '../../../../src/database/sql/sql.dialect.js';

describe('toSqlite', () => {
  it('rewrites $n to ? in order, repeating parameters used twice, binding booleans as 1/0', () => {
    const out = toSqlite({ sql: 'UPDATE t SET a = $2, b = $3 WHERE id = $1 AND a >= $2', params: ['x', 5, true] });
    expect(out.sql).toBe('UPDATE t SET a = ?, b = ? WHERE id = ? AND a >= ?');
    expect(out.params).toEqual([5, 1, 'x', 5]);
  });

  it('refuses a placeholder without a parameter', () => {
    expect(() => toSqlite({ sql: 'SELECT $2', params: [1] })).toThrow(RangeError);
  });
});

describe('log cursor', () => {
  it('round-trips and refuses anything else', () => {
    const c = encodeCursor(1_700_000_000_000, 'req_1');
    expect(decodeCursor(c)).toEqual({ createdAt: 1_700_000_000_000, id: 'req_1' });
    for (const bad of ["' OR 1=1 --", 'eyJ4IjoxfQ', Buffer.from('[1.5,"x"]').toString('base64url'), Buffer.from('["1","x"]').toString('base64url'), 'a'.repeat(500)]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
