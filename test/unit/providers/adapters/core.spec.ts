import fc from 'fast-check';
import {
  AdapterError,
  NdjsonParser,
  SseParser,
  ToolIdMap,
  isMintedToolCallId,
  mintToolCallId,
  parseDataUrl,
  parseDuration,
  parseRetryAfter,
  toOpenAIUsage,
  type SseEvent,
} from '../../../../src/providers/adapters/index.js';
import { split } from './support/stream.js';

function parseAll(text: string, cuts: number[] = []): SseEvent[] {
  const p = new SseParser();
  const events = split(text, cuts).flatMap((part) => p.push(part));
  return [...events, ...p.end()];
}

describe('SseParser', () => {
  const body = 'event: message_start\ndata: {"a":1}\n\n: keep-alive comment\n\ndata: line1\ndata: line2\n\ndata:nospace\n\n';
  const expected: SseEvent[] = [
    { event: 'message_start', data: '{"a":1}' },
    { data: 'line1\nline2' },
    { data: 'nospace' },
  ];

  it.each([
    ['\\n\\n', body],
    ['\\r\\n\\r\\n', body.replace(/\n/g, '\r\n')],
    ['\\r\\r', body.replace(/\n/g, '\r')],
  ])('parses %s framing with event names, comments and multi-line data', (_name, text) => {
    expect(parseAll(text)).toEqual(expected);
  });

  it('yields the same events however the text is split (CRLF split across pushes included)', () => {
    fc.assert(
      fc.property(fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 30 }), (eol, cuts) => {
        expect(parseAll(body.replace(/\n/g, eol), cuts)).toEqual(expected);
      }),
    );
  });

  it('drops a leading BOM, keeps an id, and flushes an unterminated last event at end()', () => {
    const p = new SseParser();
    expect(p.push('\uFEFFid: 7\ndata: x')).toEqual([]);
    expect(p.end()).toEqual([{ data: 'x', id: '7' }]);
  });

  it('does not dispatch an event without data lines', () => {
    expect(parseAll('event: ping\n\n')).toEqual([]);
  });
});

describe('NdjsonParser', () => {
  it('splits lines across arbitrary pushes, skips blanks, strips CR, flushes the tail', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (cuts) => {
        const p = new NdjsonParser();
        const text = '{"a":1}\r\n\n{"b":2}\n{"c":3}';
        const lines = split(text, cuts).flatMap((s) => p.push(s));
        expect([...lines, ...p.end()]).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
      }),
    );
  });
});

describe('parseDataUrl', () => {
  it('reads base64 data URLs', () => {
    expect(parseDataUrl('data:image/png;base64,iVBORw0KGgo=')).toEqual({ mimeType: 'image/png', data: 'iVBORw0KGgo=' });
  });
  it('re-encodes percent-encoded payloads as base64', () => {
    expect(parseDataUrl('data:text/plain,hello%20world')).toEqual({ mimeType: 'text/plain', data: Buffer.from('hello world').toString('base64') });
  });
  it('keeps parameters out of the mime type', () => {
    expect(parseDataUrl('data:image/jpeg;name=a.jpg;base64,AAAA')?.mimeType).toBe('image/jpeg');
  });
  it('returns null for other URLs', () => {
    expect(parseDataUrl('https://example.com/a.png')).toBeNull();
  });
});

describe('toOpenAIUsage', () => {
  it('sums disjoint counts into OpenAI fields', () => {
    expect(toOpenAIUsage({ input: 10, cacheRead: 20, cacheWrite: 5, output: 7, reasoning: 3 })).toEqual({
      prompt_tokens: 35,
      completion_tokens: 7,
      total_tokens: 42,
      prompt_tokens_details: { cached_tokens: 20, cache_write_tokens: 5 },
      completion_tokens_details: { reasoning_tokens: 3 },
    });
  });
});

describe('retry hints', () => {
  const now = Date.parse('2025-08-27T16:00:00Z');
  it('reads retry-after seconds, retry-after-ms, and HTTP dates, case-insensitively', () => {
    expect(parseRetryAfter({ 'Retry-After': '4' }, now)).toBe(4000);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 27 Aug 2025 16:00:30 GMT' }, now)).toBe(30000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
  it('reads protobuf durations', () => {
    expect(parseDuration('47s')).toBe(47000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration({ seconds: 2, nanos: 500000000 })).toBe(2500);
    expect(parseDuration('47')).toBeUndefined();
  });
});

describe('tool-call ids', () => {
  it('mints deterministic, recognisable ids', () => {
    expect(mintToolCallId('r:0:0')).toBe(mintToolCallId('r:0:0'));
    expect(mintToolCallId('r:0:0')).not.toBe(mintToolCallId('r:0:1'));
    expect(isMintedToolCallId(mintToolCallId('x'))).toBe(true);
    expect(isMintedToolCallId('call_Qm3rVb8yTz1kLpX0aW9cNd2E')).toBe(false);
  });

  it('ToolIdMap rewrites to 9 alphanumerics, keeps valid ids, and is reversible without collisions', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 30 }), (ids) => {
        const m = new ToolIdMap();
        const wire = ids.map((id) => m.wire(id));
        for (const [i, w] of wire.entries()) {
          expect(w).toMatch(/^[A-Za-z0-9]{9}$/);
          expect(m.wire(ids[i] as string)).toBe(w);
          if (w !== ids[i]) expect(m.fromWire[w]).toBe(ids[i]);
        }
        expect(new Set(wire).size).toBe(ids.length);
      }),
    );
  });
});

describe('AdapterError', () => {
  it('serialises to the OpenAI envelope', () => {
    const e = new AdapterError('nope', 'seed');
    expect(e).toBeInstanceOf(Error);
    expect(e.toJSON()).toEqual({ error: { message: 'nope', type: 'invalid_request_error', param: 'seed', code: 'unsupported_parameter' } });
  });
});
