import fc from 'fast-check';

/** JSON value kinds, to generate a value of any kind but the accepted ones. */
export type JsonKind = 'string' | 'integer' | 'fraction' | 'boolean' | 'object' | 'array';

const SAMPLES: Record<JsonKind, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 12 }),
  integer: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fraction: fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }).filter((v) => !Number.isInteger(v)),
  boolean: fc.boolean(),
  object: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
};

/** A JSON value of a kind the field does not accept (null is "absent", so never generated here). */
export function wrongType(accepted: readonly JsonKind[]): fc.Arbitrary<unknown> {
  const kinds = (Object.keys(SAMPLES) as JsonKind[]).filter((k) => !accepted.includes(k));
  return fc.oneof(...kinds.map((k) => SAMPLES[k]));
}

/** A JSON text nested `depth` levels deep (arrays and objects alternating). */
export function deeplyNested(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    if (i % 2 === 0) {
      open += '[';
      close = `]${close}`;
    } else {
      open += '{"a":';
      close = `}${close}`;
    }
  }
  return `${open}1${close}`;
}

export const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

/**
 * Chat Completions fields the gateway validates: the kinds it accepts and values of the right kind that are
 * still wrong (out of range, unknown enum member).
 */
export const CHAT_FIELDS: Record<string, { accepts: JsonKind[]; bad?: fc.Arbitrary<unknown> }> = {
  model: { accepts: ['string'], bad: fc.constantFrom('', '   ', 'm'.repeat(257)) },
  messages: { accepts: ['array'], bad: fc.constant([]) },
  stream: { accepts: ['boolean'] },
  stream_options: { accepts: ['object'], bad: fc.record({ include_usage: wrongType(['boolean']) }) },
  max_tokens: { accepts: ['integer'], bad: fc.integer({ min: -1000, max: 0 }) },
  max_completion_tokens: { accepts: ['integer'], bad: fc.integer({ min: -1000, max: 0 }) },
  n: { accepts: ['integer'], bad: fc.oneof(fc.integer({ min: -10, max: 0 }), fc.integer({ min: 129, max: 10_000 })) },
  seed: { accepts: ['integer'] },
  temperature: { accepts: ['integer', 'fraction'], bad: fc.oneof(fc.double({ min: 2.0001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -0.0001, noNaN: true })) },
  top_p: { accepts: ['integer', 'fraction'], bad: fc.double({ min: 1.0001, max: 1e6, noNaN: true }) },
  presence_penalty: { accepts: ['integer', 'fraction'], bad: fc.double({ min: 2.0001, max: 1e6, noNaN: true }) },
  frequency_penalty: { accepts: ['integer', 'fraction'], bad: fc.double({ min: -1e6, max: -2.0001, noNaN: true }) },
  parallel_tool_calls: { accepts: ['boolean'] },
  logprobs: { accepts: ['boolean'] },
  top_logprobs: { accepts: ['integer'], bad: fc.integer({ min: 21, max: 1000 }) },
  reasoning_effort: { accepts: ['string'], bad: fc.string({ maxLength: 10 }).filter((s) => !['none', 'minimal', 'low', 'medium', 'high', 'xhigh'].includes(s)) },
  user: { accepts: ['string'] },
  stop: { accepts: ['string', 'array'], bad: fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 3 }) },
  tools: { accepts: ['array'], bad: fc.constantFrom([{}], [{ type: 'function' }], [{ type: 'function', function: { name: '' } }], [{ type: 'function', function: { name: 'f', parameters: 'x' } }], [5]) },
  tool_choice: { accepts: ['string', 'object'], bad: fc.oneof(fc.string({ maxLength: 8 }).filter((s) => !['none', 'auto', 'required'].includes(s)), fc.constant({ type: 'function' })) },
  response_format: { accepts: ['object'], bad: fc.constantFrom({}, { type: 'yaml' }, { type: 'json_schema' }, { type: 'json_schema', json_schema: { name: '' } }, { type: 5 }) },
};

/** A message that is wrong in one way. */
export const badMessage: fc.Arbitrary<unknown> = fc.oneof(
  wrongType(['object']),
  fc.record({ role: fc.string({ maxLength: 12 }).filter((r) => !ROLES.includes(r)), content: fc.string({ maxLength: 20 }) }),
  fc.record({ role: wrongType(['string']), content: fc.string({ maxLength: 20 }) }),
  fc.record({ role: fc.constantFrom('user', 'system', 'developer', 'tool'), content: wrongType(['string', 'array']) }),
  fc.record({ role: fc.constantFrom('user', 'system', 'developer') }),
  fc.record({ role: fc.constant('user'), content: fc.constantFrom([{}], [{ type: 5 }], [{ type: 'text' }], [{ type: 'text', text: 7 }], [{ type: 'image_url', image_url: {} }], [{ type: 'image_url', image_url: { url: '' } }], ['hi']) }),
  fc.record({ role: fc.constant('tool'), content: fc.constant('ok') }),
  fc.record({ role: fc.constant('tool'), content: fc.constant('ok'), tool_call_id: wrongType(['string']) }),
  fc.record({ role: fc.constant('assistant'), content: fc.constant(null), tool_calls: fc.constantFrom('x', [{}], [{ id: '', function: { name: 'f' } }], [{ id: 'c1', function: { name: '' } }], [{ id: 'c1', function: { name: 'f', arguments: {} } }]) }),
);

const goodMessage = fc.record({ role: fc.constant('user'), content: fc.string({ minLength: 1, maxLength: 30 }) });

/** Chat bodies that must be refused with a 400 (each is wrong in at least one field). */
export function badChatBody(model: string): fc.Arbitrary<Record<string, unknown> | unknown> {
  const valid = { model, messages: [{ role: 'user', content: 'hello' }] };
  const wrongField = fc.constantFrom(...Object.keys(CHAT_FIELDS)).chain((field) => {
    const spec = CHAT_FIELDS[field];
    const bad = spec.bad ? fc.oneof(wrongType(spec.accepts), spec.bad) : wrongType(spec.accepts);
    return bad.map((value) => ({ ...valid, [field]: value }));
  });
  const wrongMessage = fc.tuple(fc.array(goodMessage, { maxLength: 3 }), badMessage, fc.array(goodMessage, { maxLength: 3 })).map(([before, bad, after]) => ({ ...valid, messages: [...before, bad, ...after] }));
  const missing = fc.constantFrom({ messages: valid.messages }, { model }, {});
  const notAnObject = fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
  return fc.oneof({ weight: 5, arbitrary: wrongField }, { weight: 4, arbitrary: wrongMessage }, { weight: 1, arbitrary: missing }, { weight: 1, arbitrary: notAnObject });
}

/** Embeddings bodies that must be refused with a 400. */
export function badEmbeddingsBody(model: string): fc.Arbitrary<unknown> {
  const valid = { model, input: 'hello' };
  return fc.oneof(
    wrongType(['string']).map((m) => ({ ...valid, model: m })),
    fc.constantFrom('', 'm'.repeat(257)).map((m) => ({ ...valid, model: m })),
    fc.oneof(wrongType(['string', 'array']), fc.constantFrom('', [], [''], [1.5], [-1], [[]], [['a']], ['a', 1], [[1], 'a'])).map((input) => ({ ...valid, input })),
    fc.constant({ ...valid, input: Array.from({ length: 2049 }, () => 'x') }),
    fc.oneof(wrongType(['string']), fc.string({ maxLength: 8 }).filter((s) => s !== 'float' && s !== 'base64')).map((f) => ({ ...valid, encoding_format: f })),
    fc.oneof(wrongType(['integer']), fc.constantFrom(0, -1, 65_537)).map((d) => ({ ...valid, dimensions: d })),
    wrongType(['string']).map((u) => ({ ...valid, user: u })),
    fc.constantFrom({ input: 'x' }, { model }, {}),
    fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)),
  );
}

/** Text that is not JSON: a valid document cut short, or with junk spliced in. */
export function malformedJson(valid: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
      fc.tuple(fc.integer({ min: 0, max: valid.length }), fc.constantFrom('{', '}', ',', ':', '"', "'", 'undefined', 'NaN', '//', '\\', ']]')).map(([at, junk]) => valid.slice(0, at) + junk + valid.slice(at)),
      fc.constantFrom("{'model': 'x'}", '{"model": "x",}', '{model: "x"}', '[1,]', 'nul', '{"a":1}{"b":2}', '\ufeff{"model":"x"}'),
    )
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
}
