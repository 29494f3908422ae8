import Database from 'better-sqlite3';
import { newRequestId } from '../../../src/common/http/request-id.js';
import { SqliteGroupCommit } from '../../../src/database/sql/sqlite-group-commit.js';
import { sqliteForm, sqliteParams } from '../../../src/database/sql/sql.dialect.js';
import { sql, type SqlRow, type SqlStep, type TxBody } from '../../../src/database/sql/sql.types.js';
import { OpenAIStreamMapper } from '../../../src/providers/adapters/core/index.js';
import { ClientAbortSignal } from '../../../src/providers/transport/client-abort.js';

describe('SqliteGroupCommit', () => {
  let db: Database.Database;
  let group: SqliteGroupCommit;
  let commits = 0;
  let restore = () => {};

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    const exec = (step: SqlStep, conn: Database.Database): SqlRow[] => {
      const form = sqliteForm(step.sql);
      const statement = conn.prepare(form.sql);
      const params = sqliteParams(form, step.params);
      return statement.reader ? (statement.all(...params) as SqlRow[]) : (statement.run(...params), []);
    };
    commits = 0;
    // count the COMMITs better-sqlite3's transaction functions run (their statements are prepared on this connection)
    const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
    const run = proto.run;
    proto.run = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === db && this.source === 'COMMIT') commits++;
      return run.apply(this, args);
    };
    restore = () => (proto.run = run);
    group = new SqliteGroupCommit(() => db, exec);
  });
  afterEach(() => {
    restore();
    db.close();
  });

  const insert = (id: string, n: number): TxBody<number> =>
    function* () {
      const rows = yield sql('INSERT INTO t (id, n) VALUES ($1, $2) RETURNING n', id, n);
      return Number(rows[0].n);
    };

  it('runs the bodies of one event-loop turn in one commit, in order, and resolves each with its own result', async () => {
    const results = await Promise.all([group.submit(insert('a', 1)), group.submit(insert('b', 2)), group.submit(insert('c', 3))]);
    expect(results).toEqual([1, 2, 3]);
    expect(commits).toBe(1);
    expect(db.prepare('SELECT id, n FROM t ORDER BY id').all()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }]);
  });

  it('a failing body is rejected alone and leaves nothing behind; the others commit', async () => {
    const settled = await Promise.allSettled([group.submit(insert('a', 1)), group.submit(insert('a', 9)), group.submit(insert('b', 2))]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(db.prepare('SELECT id, n FROM t ORDER BY id').all()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
  });

  it('a body sees the effects of the bodies before it in the same commit', async () => {
    const bump: TxBody<number> = function* () {
      yield sql('UPDATE t SET n = n + 1 WHERE id = $1', 'a');
      const rows = yield sql('SELECT n FROM t WHERE id = $1', 'a');
      return Number(rows[0].n);
    };
    const results = await Promise.all([group.submit(insert('a', 10)), group.submit(bump), group.submit(bump)]);
    expect(results).toEqual([10, 11, 12]);
  });

  it('bodies submitted in later turns get their own commits (nothing waits for company)', async () => {
    expect(await group.submit(insert('a', 1))).toBe(1);
    expect(await group.submit(insert('b', 2))).toBe(2);
    expect(commits).toBe(2);
  });
});

describe('OpenAI stream chunks keep the upstream JSON text when it can go out as it came', () => {
  const mapper = () => new OpenAIStreamMapper({ upstreamModel: 'm', stream: true, defaultMaxTokens: 100 }, 'openai');
  const frame = (obj: unknown) => `data: ${JSON.stringify(obj)}\n\n`;
  const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] };

  it('cuts a trailing "usage":null and forwards the rest byte for byte', () => {
    const [ev] = mapper().push(frame({ ...chunk, usage: null }));
    expect(ev).toMatchObject({ type: 'chunk', json: JSON.stringify(chunk) });
    expect(JSON.parse((ev as { json: string }).json)).toEqual((ev as { chunk: unknown }).chunk);
  });

  it('forwards a chunk without usage as it is', () => {
    const [ev] = mapper().push(frame(chunk));
    expect((ev as { json?: string }).json).toBe(JSON.stringify(chunk));
  });

  it('re-serializes when usage is not the last member, and when the data came on several lines', () => {
    const [first] = mapper().push(frame({ usage: null, ...chunk }));
    expect((first as { json?: string }).json).toBeUndefined();
    expect(first).toMatchObject({ type: 'chunk', chunk });
    const [split] = mapper().push(`data: {"id":"c1","object":"chat.completion.chunk","created":1,\ndata: "model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n`);
    expect((split as { json?: string }).json).toBeUndefined();
    expect(split).toMatchObject({ type: 'chunk', chunk });
  });
});

describe('ClientAbortSignal', () => {
  it('calls each listener once on the first abort, not the removed ones, and none added after', () => {
    const signal = new ClientAbortSignal();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    signal.addEventListener('abort', a);
    signal.addEventListener('abort', b);
    signal.removeEventListener('abort', a);
    expect(signal.aborted).toBe(false);
    signal.abort();
    signal.abort();
    signal.addEventListener('abort', a);
    expect(signal.aborted).toBe(true);
    expect(calls).toEqual(['b']);
  });
});

describe('new request ids', () => {
  it('keep the req_ + 32 hex shape and sort by time (index locality), and do not repeat', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => newRequestId(1_700_000_000_000 + i));
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 2000 }, () => newRequestId(1_700_000_000_000))).size).toBe(2000);
  });
});
