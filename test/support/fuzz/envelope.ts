/**
 * Checks that an error answer is well formed: the right status class, the right envelope for its surface
 * (OpenAI's on /v1, Nest's on /api), and nothing of the server's insides (stack frames, file paths,
 * exception class names, SQL) in the body. Each check returns the problems it found (empty when the answer is
 * good), so a property can report every offending input at once.
 */

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat\s+[\w$.<>]+\s*\(?[^)\s]*:\d+:\d+\)?/],
  ['a source path', /(?:\/work\/|node_modules|\/src\/|\.ts:\d+|\.js:\d+)/],
  ['an exception class', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|QueryFailedError|EntityNotFound\w*)\b/],
  ['SQL', /\b(?:SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|SQLITE_\w+|syntax error at or near|relation "\w+")/i],
  ['a call-stack overflow', /Maximum call stack/i],
];

/** Things in a body that only the server's internals would know. */
export function leaksOf(text: string): string[] {
  return LEAKS.filter(([, re]) => re.test(text)).map(([what]) => what);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A 4xx in the OpenAI envelope `{"error":{"message","type","param","code"}}` (the client API). */
export function openAIErrorProblems(res: RawAnswer, allowed: readonly number[] = []): string[] {
  const problems: string[] = [];
  const ok = allowed.length ? allowed.includes(res.status) : res.status >= 400 && res.status < 500;
  if (!ok) problems.push(`status ${res.status}`);
  if (!/application\/json/.test(res.headers.get('content-type') ?? '')) problems.push(`content-type ${res.headers.get('content-type')}`);
  const body = parse(res.text);
  const error = isObj(body) ? body.error : undefined;
  if (!isObj(error)) problems.push('no error object');
  else {
    if (typeof error.message !== 'string' || error.message === '') problems.push('no error.message');
    if (typeof error.type !== 'string' || error.type === '') problems.push('no error.type');
    if (!('param' in error)) problems.push('no error.param');
    if (!('code' in error)) problems.push('no error.code');
  }
  for (const leak of leaksOf(res.text)) problems.push(`leaks ${leak}`);
  return problems.map((p) => `${p} :: ${res.text.slice(0, 200)}`);
}

/** A 4xx in Nest's shape `{"statusCode","message","error"}` (the admin API). */
export function nestErrorProblems(res: RawAnswer, allowed: readonly number[] = []): string[] {
  const problems: string[] = [];
  const ok = allowed.length ? allowed.includes(res.status) : res.status >= 400 && res.status < 500;
  if (!ok) problems.push(`status ${res.status}`);
  const body = parse(res.text);
  if (!isObj(body)) problems.push('not a JSON object');
  else {
    if (body.statusCode !== res.status) problems.push(`statusCode ${String(body.statusCode)}`);
    if (!(typeof body.message === 'string' || (Array.isArray(body.message) && body.message.every((m) => typeof m === 'string')))) problems.push('no message');
    if (typeof body.error !== 'string') problems.push('no error phrase');
    if ('stack' in body) problems.push('a stack field');
  }
  for (const leak of leaksOf(res.text)) problems.push(`leaks ${leak}`);
  return problems.map((p) => `${p} :: ${res.text.slice(0, 200)}`);
}

/** Never a 5xx and never internals, whatever the status (for inputs that may legitimately succeed). */
export function safeAnswerProblems(res: RawAnswer): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  for (const leak of leaksOf(res.text)) problems.push(`leaks ${leak}`);
  return problems.map((p) => `${p} :: ${res.text.slice(0, 200)}`);
}
