import { fixtureFrames, fixtureJson, pieces, sse } from './fixtures.js';
import type { Behaviour, RecordedRequest } from './mock.types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const STREAM_FIXTURE_ID = 'resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654';
const JSON_ANSWER = '{"city":"Paris","country":"France"}';

/** What an OpenAI Responses endpoint remembers between requests (the ids it stored, for previous_response_id). */
export class ResponsesMockState {
  private counter = 0;
  readonly stored = new Set<string>();

  nextId(): string {
    this.counter += 1;
    return `resp_mock${String(this.counter).padStart(40, '0')}`;
  }
}

function named(event: any): string {
  return sse(event, event.type);
}

/** The documented event sequence for a finished response object (used for tool calls and JSON answers). */
function eventsFor(response: any): string[] {
  let seq = 0;
  const ev = (type: string, fields: Record<string, unknown>): string => named({ type, sequence_number: seq++, ...fields });
  const shell = { ...response, status: 'in_progress', output: [], usage: null };
  const frames = [ev('response.created', { response: shell }), ev('response.in_progress', { response: shell })];
  response.output.forEach((item: any, i: number) => {
    if (item.type === 'message') {
      const text = item.content[0].text as string;
      frames.push(ev('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', content: [] } }));
      frames.push(ev('response.content_part.added', { item_id: item.id, output_index: i, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
      for (const delta of pieces(text)) frames.push(ev('response.output_text.delta', { item_id: item.id, output_index: i, content_index: 0, delta, logprobs: [] }));
      frames.push(ev('response.output_text.done', { item_id: item.id, output_index: i, content_index: 0, text, logprobs: [] }));
      frames.push(ev('response.content_part.done', { item_id: item.id, output_index: i, content_index: 0, part: item.content[0] }));
    } else if (item.type === 'function_call') {
      frames.push(ev('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', arguments: '' } }));
      for (const delta of pieces(item.arguments)) frames.push(ev('response.function_call_arguments.delta', { item_id: item.id, output_index: i, delta }));
      frames.push(ev('response.function_call_arguments.done', { item_id: item.id, output_index: i, arguments: item.arguments }));
    } else {
      frames.push(ev('response.output_item.added', { output_index: i, item }));
    }
    frames.push(ev('response.output_item.done', { output_index: i, item }));
  });
  frames.push(ev('response.completed', { response }));
  return frames;
}

function lastItem(body: any): any {
  return Array.isArray(body?.input) ? body.input.at(-1) : undefined;
}

/** POST /responses: a function call when function tools are offered and no tool output came back, else text (JSON with text.format json_schema/json_object). */
export function responsesCreate(req: RecordedRequest, state: ResponsesMockState): Behaviour {
  const body = req.body ?? {};
  if (typeof body.previous_response_id === 'string' && !state.stored.has(body.previous_response_id)) {
    return { status: 404, json: { error: { message: `Previous response with id '${body.previous_response_id}' not found.`, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' } } };
  }
  const id = state.nextId();
  if (body.store !== false) state.stored.add(id);
  const tool = Array.isArray(body.tools) ? body.tools.find((t: any) => t?.type === 'function') : undefined;
  const format = body.text?.format?.type;
  let response: any;
  if (tool && lastItem(body)?.type !== 'function_call_output') {
    response = fixtureJson('openai', 'responses_response_function_call.json');
    response.output[1].name = tool.name;
  } else {
    response = fixtureJson('openai', 'responses_response.json');
    if (format === 'json_schema' || format === 'json_object') response.output[0].content[0].text = JSON_ANSWER;
  }
  Object.assign(response, { id, model: body.model, store: body.store ?? true, previous_response_id: body.previous_response_id ?? null });
  if (body.stream !== true) return { json: response };
  if (!tool && !format) {
    return { frames: fixtureFrames('openai', 'responses_stream.sse').map((f) => f.replaceAll(STREAM_FIXTURE_ID, id)), contentType: 'text/event-stream' };
  }
  return { frames: eventsFor(response), contentType: 'text/event-stream' };
}

/** A 200 Responses stream that fails after some text with the documented response.failed event. */
export function responsesMidStreamFailure(): Behaviour {
  return { frames: fixtureFrames('openai', 'responses_stream_failed.sse'), contentType: 'text/event-stream' };
}
