import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResponsesRelayMapper, normalizeResponsesUsage, responsesRelayRequest, toResponsesUsage, type ChatChunk, type ChatCompletion } from '../../../../src/providers/index.js';
import { historyForOpenAI } from '../../../../src/gateway/responses/responses.turn.js';
import { validateResponsesRequest } from '../../../../src/gateway/responses/responses.validator.js';
import { ResponsesEventEncoder } from '../../../../src/gateway/responses/wire/chunks.to-events.js';
import { completionToResponse } from '../../../../src/gateway/responses/wire/completion.to-response.js';
import { responsesToChat } from '../../../../src/gateway/responses/wire/request.to-chat.js';
import type { IdSource, ResponsesRequest } from '../../../../src/gateway/responses/wire/responses.types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const FIXTURES = join(process.cwd(), 'test/fixtures/providers/openai');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function counter(): IdSource {
  let n = 0;
  return { next: (prefix) => `${prefix}_gg${++n}` };
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null): ChatChunk => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });

describe('Responses usage', () => {
  it('reads the fixture usage into disjoint counts and back', () => {
    const usage = JSON.parse(fixture('responses_response_function_call.json')).usage;
    const u = normalizeResponsesUsage(usage);
    expect(u).toEqual({ input: 163, cacheRead: 128, cacheWrite: 0, output: 23, reasoning: 6 });
    expect(toResponsesUsage(u)).toEqual(usage);
  });
});

describe('relay request and stream mapper (openai)', () => {
  it('keeps the body as sent, replacing only model', () => {
    const body = JSON.parse(fixture('responses_request_codex.json'));
    const wire = responsesRelayRequest(body, 'gpt-5-codex-upstream', true);
    expect(wire).toMatchObject({ path: 'responses', framing: 'sse' });
    expect(wire.body).toEqual({ ...body, model: 'gpt-5-codex-upstream' });
    expect(Object.keys(wire.body as object)).toEqual(Object.keys(body));
  });

  it('maps the fixture stream to frames, split anywhere, with usage on the terminal event', () => {
    const text = fixture('responses_stream.sse');
    const mapper = new ResponsesRelayMapper();
    const events = [];
    for (let i = 0; i < text.length; i += 7) events.push(...mapper.push(text.slice(i, i + 7)));
    events.push(...mapper.end());
    expect(events.every((e) => e.type === 'frame')).toBe(true);
    const last = events.at(-1) as any;
    expect(last.name).toBe('response.completed');
    expect(last.terminal).toBe('completed');
    expect(last.usage).toEqual({ input: 37, cacheRead: 0, cacheWrite: 0, output: 11, reasoning: 0 });
    expect(events.filter((e: any) => e.terminal)).toHaveLength(1);
  });

  it('a stream that stops before a terminal event ends in an error, never silently', () => {
    const text = fixture('responses_stream.sse').split('\n\n').slice(0, 4).join('\n\n') + '\n\n';
    const mapper = new ResponsesRelayMapper();
    const events = [...mapper.push(text), ...mapper.end()];
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { status: 502, code: 'stream_truncated' } });
  });

  it('response.failed is a failed terminal frame', () => {
    const mapper = new ResponsesRelayMapper();
    const events = [...mapper.push(fixture('responses_stream_failed.sse')), ...mapper.end()];
    expect(events.at(-1)).toMatchObject({ type: 'frame', terminal: 'failed', name: 'response.failed' });
  });
});

describe('Responses → internal chat request', () => {
  it('maps instructions, items, function calls and outputs, reasoning, tools, format and limits', () => {
    const req = validateResponsesRequest({
      model: 'claude-x',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Look:' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }] },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Need weather.' }] },
        { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_a', output: '18C' },
        { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '21C' }] },
      ],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: true }],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: true,
      text: { format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'low' },
      max_output_tokens: 500,
      temperature: 0.2,
    }) as ResponsesRequest;
    const chat = responsesToChat(req, [], true);
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Need weather.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
      { role: 'tool', tool_call_id: 'call_b', content: '21C' },
    ]);
    expect(chat).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: true,
      response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'low',
      max_completion_tokens: 500,
      temperature: 0.2,
    });
  });

  it('puts the stored history before this turn and refuses what only OpenAI has', () => {
    const req = { model: 'm', input: 'And now?' } as ResponsesRequest;
    const chat = responsesToChat(req, [{ role: 'user', content: 'Hi' }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] }], false);
    expect(chat.messages).toEqual([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'And now?' }]);
    expect(() => responsesToChat({ model: 'm', input: 'x', tools: [{ type: 'web_search' }] } as ResponsesRequest, [], false)).toThrow(/web_search/);
    // a hosted-tool record in the stored history is skipped (the answer after it carries the result); in the input it is refused
    const searched = [{ role: 'user', content: 'News?' }, { type: 'web_search_call', id: 'ws_1', status: 'completed' }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Found it.' }] }];
    expect(responsesToChat(req, searched, false).messages).toEqual([{ role: 'user', content: 'News?' }, { role: 'assistant', content: 'Found it.' }, { role: 'user', content: 'And now?' }]);
    expect(() => responsesToChat({ model: 'm', input: searched } as ResponsesRequest, [], false)).toThrow(/web_search_call/);
    expect(() => responsesToChat({ model: 'm', input: [{ type: 'item_reference', id: 'x' }] } as ResponsesRequest, [], false)).toThrow(/item_reference/);
  });
});

describe('internal chat answer → Responses object', () => {
  it('maps reasoning, text, tool calls, finish and usage', () => {
    const completion: ChatCompletion = {
      id: 'x', object: 'chat.completion', created: 1, model: 'm',
      choices: [{ index: 0, logprobs: null, finish_reason: 'tool_calls', message: { role: 'assistant', content: 'Checking.', reasoning_content: 'think', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'sig' } } }] } }],
    };
    const res = completionToResponse(completion, { input: 10, cacheRead: 2, cacheWrite: 0, output: 5, reasoning: 1 }, { model: 'claude', input: 'hi' }, counter(), 100);
    expect(res).toMatchObject({ id: 'resp_gg1', object: 'response', created_at: 100, status: 'completed', model: 'claude', store: true });
    expect(res.output).toEqual([
      { id: 'rs_gg2', type: 'reasoning', summary: [{ type: 'summary_text', text: 'think' }] },
      { id: 'msg_gg3', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
      { id: 'fc_gg4', type: 'function_call', status: 'completed', arguments: '{}', call_id: 'call_1', name: 'f', extra_content: { google: { thought_signature: 'sig' } } },
    ]);
    expect(res.usage).toEqual({ input_tokens: 12, input_tokens_details: { cached_tokens: 2 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 1 }, total_tokens: 17 });
  });

  it('a length finish is incomplete with max_output_tokens as the reason', () => {
    const completion: ChatCompletion = { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, logprobs: null, finish_reason: 'length', message: { role: 'assistant', content: 'Par' } }] };
    const res = completionToResponse(completion, { input: 1, cacheRead: 0, cacheWrite: 0, output: 1, reasoning: 0 }, { model: 'm' }, counter(), 1);
    expect(res).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });
});

describe('chat chunks → typed Responses events', () => {
  it('opens and closes one item at a time, numbers every event, and ends with the full response', () => {
    const enc = new ResponsesEventEncoder({ model: 'm', input: 'hi' }, counter(), 5);
    const events = [
      ...enc.start(),
      ...enc.push(chunk({ reasoning_content: 'hm' })),
      ...enc.push(chunk({ content: 'Hel' })),
      ...enc.push(chunk({ content: 'lo' })),
      ...enc.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '{"a"' } }] })),
      ...enc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] })),
      ...enc.push(chunk({ tool_calls: [{ index: 1, id: 'call_2', function: { name: 'g', arguments: '{}' } }] }, 'tool_calls')),
      ...enc.finish({ input: 3, cacheRead: 0, cacheWrite: 0, output: 4, reasoning: 1 }, 0.5),
    ];
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_e, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    const done = events.at(-1) as any;
    expect(done.response.output.map((o: any) => o.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(done.response.output[1].content[0].text).toBe('Hello');
    expect(done.response.output[2]).toMatchObject({ call_id: 'call_1', name: 'f', arguments: '{"a":1}' });
    expect(done.response.usage).toMatchObject({ input_tokens: 3, output_tokens: 4, total_tokens: 7, cost: 0.5 });
    expect((events[0] as any).response.status).toBe('in_progress');
    expect((events[0] as any).response.output).toEqual([]);
  });

  it('fails with response.failed carrying the error and what was generated so far', () => {
    const enc = new ResponsesEventEncoder({ model: 'm' }, counter(), 5);
    enc.start();
    enc.push(chunk({ content: 'Par' }));
    const [failed] = enc.fail({ code: 'upstream_error', message: 'boom' }, null, 0) as any[];
    expect(failed).toMatchObject({ type: 'response.failed', sequence_number: 5, response: { status: 'failed', error: { code: 'upstream_error', message: 'boom' } } });
    expect(failed.response.output[0]).toMatchObject({ type: 'message', status: 'in_progress' });
  });
});

describe('history for an OpenAI provider that never saw it', () => {
  it("drops the gateway's ids, its reasoning items and other providers' state; keeps OpenAI's own items", () => {
    const items = historyForOpenAI([
      { id: 'rs_gg1', type: 'reasoning', summary: [] },
      { id: 'rs_abc', type: 'reasoning', summary: [], encrypted_content: 'enc' },
      { id: 'msg_gg2', type: 'message', role: 'assistant', content: [] },
      { id: 'fc_gg3', type: 'function_call', call_id: 'c', name: 'f', arguments: '{}', extra_content: { google: {} } },
    ]);
    expect(items).toEqual([
      { id: 'rs_abc', type: 'reasoning', summary: [], encrypted_content: 'enc' },
      { type: 'message', role: 'assistant', content: [] },
      { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
    ]);
  });
});
