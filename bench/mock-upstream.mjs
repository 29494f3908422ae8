// A fast mock OpenAI-compatible upstream for the benchmark: no artificial delay, a 16-delta stream with usage.
// Model "bench-slow" streams one delta every 500 ms (for the open-streams memory test). POST …/messages answers as
// Anthropic's Messages API (the same answer, for the Messages relay row).
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const created = Math.floor(Date.now() / 1000);
const usage = { prompt_tokens: 12, completion_tokens: 16, total_tokens: 28, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const completion = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created, model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy dog again and again.' }, finish_reason: 'stop', logprobs: null }],
  usage,
});
const frame = (delta, finish = null) => `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }], usage: null })}\n\n`;
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', ' and', ' then', ' runs', ' far', ' away', ' from', ' here.'];
const streamBody =
  frame({ role: 'assistant', content: '' }) +
  WORDS.map((w) => frame({ content: w })).join('') +
  frame({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [], usage })}\n\n` +
  'data: [DONE]\n\n';
// Anthropic Messages twins of the same answer (for the Messages relay row).
const antUsage = { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 16 };
const antMessage = JSON.stringify({ id: 'msg_bench', type: 'message', role: 'assistant', model: 'bench-claude', content: [{ type: 'text', text: 'The quick brown fox jumps over the lazy dog again and again.' }], stop_reason: 'end_turn', stop_sequence: null, usage: antUsage });
const antFrame = (data) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
const antStreamBody =
  antFrame({ type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'bench-claude', content: [], stop_reason: null, stop_sequence: null, usage: { ...antUsage, output_tokens: 1 } } }) +
  antFrame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
  WORDS.map((w) => antFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } })).join('') +
  antFrame({ type: 'content_block_stop', index: 0 }) +
  antFrame({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 16 } }) +
  antFrame({ type: 'message_stop' });
// the Responses API (POST /v1/responses): the same answer as a Responses object, or its typed event stream
const rUsage = { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 16, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 28 };
const rText = WORDS.join('');
const rMessage = { id: 'msg_bench', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: rText, annotations: [] }] };
const rResponse = (status, output, usage) => ({ id: 'resp_bench', object: 'response', created_at: created, status, error: null, incomplete_details: null, model: 'bench-model', output, usage });
const responseJson = JSON.stringify(rResponse('completed', [rMessage], rUsage));
let rSeq = 0;
const rEvent = (type, fields) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: rSeq++, ...fields })}\n\n`;
const responseStream =
  rEvent('response.created', { response: rResponse('in_progress', [], null) }) +
  rEvent('response.in_progress', { response: rResponse('in_progress', [], null) }) +
  rEvent('response.output_item.added', { output_index: 0, item: { ...rMessage, status: 'in_progress', content: [] } }) +
  rEvent('response.content_part.added', { item_id: 'msg_bench', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }) +
  WORDS.map((w) => rEvent('response.output_text.delta', { item_id: 'msg_bench', output_index: 0, content_index: 0, delta: w })).join('') +
  rEvent('response.output_text.done', { item_id: 'msg_bench', output_index: 0, content_index: 0, text: rText }) +
  rEvent('response.content_part.done', { item_id: 'msg_bench', output_index: 0, content_index: 0, part: rMessage.content[0] }) +
  rEvent('response.output_item.done', { output_index: 0, item: rMessage }) +
  rEvent('response.completed', { response: rResponse('completed', [rMessage], rUsage) });
const models = JSON.stringify({ object: 'list', data: [{ id: 'bench-model', object: 'model', created, owned_by: 'bench' }] });

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(models);
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = {};
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { /* bad body: answer as non-stream */ }
    if (req.url?.endsWith('/messages')) {
      if (!body.stream) res.writeHead(200, { 'content-type': 'application/json' }).end(antMessage);
      else res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }).end(antStreamBody);
      return;
    }
    if (req.url.endsWith('/responses')) {
      if (!body.stream) res.writeHead(200, { 'content-type': 'application/json' }).end(responseJson);
      else res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }).end(responseStream);
      return;
    }
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(completion);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (body.model !== 'bench-slow') {
      res.end(streamBody);
      return;
    }
    let i = 0;
    res.write(frame({ role: 'assistant', content: '' }));
    const timer = setInterval(() => {
      if (i < WORDS.length * 4) { res.write(frame({ content: WORDS[i % WORDS.length] })); i++; return; }
      clearInterval(timer);
      res.end(frame({}, 'stop') + 'data: [DONE]\n\n');
    }, 500);
    res.on('close', () => clearInterval(timer));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.send?.({ port: server.address().port }));
