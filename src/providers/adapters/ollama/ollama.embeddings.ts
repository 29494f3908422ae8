import {
  asArray,
  asRecord,
  checkParams,
  count,
  embeddingInputs,
  emptyUsage,
  encodingFormat,
  isRecord,
  present,
  toEmbedding,
  upstreamInvalid,
  type AdapterContext,
  type EmbeddingsAdapter,
  type EmbeddingsRequest,
  type EmbeddingsResponse,
  type JsonObject,
  type NormalizedUsage,
  type WireRequest,
} from '../core/index.js';

const HANDLED: ReadonlySet<string> = new Set(['input', 'encoding_format', 'dimensions', 'truncate', 'keep_alive', 'options']);

/** OpenAI /embeddings ⇄ Ollama /api/embed. */
export const ollamaEmbeddings: EmbeddingsAdapter = {
  toWire(req: EmbeddingsRequest, ctx: AdapterContext): WireRequest {
    const dropped = checkParams(req, 'ollama', HANDLED);
    const format = encodingFormat(req);
    const inputs = embeddingInputs(req);
    const body: JsonObject = { model: ctx.upstreamModel, input: typeof req.input === 'string' ? inputs[0] : inputs };
    for (const k of ['dimensions', 'truncate', 'keep_alive', 'options']) if (present(req[k])) body[k] = structuredClone(req[k]);
    const wire: WireRequest = {
      path: 'api/embed',
      headers: { 'content-type': 'application/json' },
      body,
      framing: 'json',
      hints: { encodingFormat: format },
    };
    if (dropped.length) wire.dropped = dropped;
    return wire;
  },
  fromWire(body: unknown, ctx: AdapterContext): { response: EmbeddingsResponse; usage: NormalizedUsage } {
    if (!isRecord(body) || !Array.isArray(body['embeddings'])) throw upstreamInvalid('ollama', "no 'embeddings' array");
    const format = ctx.request?.hints?.encodingFormat ?? 'float';
    const data = asArray(body['embeddings']).map((e, i) => toEmbedding(asArray(e).map(Number), i, format));
    const usage: NormalizedUsage = { ...emptyUsage(), input: count(asRecord(body)['prompt_eval_count']) };
    const model = typeof body['model'] === 'string' ? body['model'] : ctx.upstreamModel;
    return { response: { object: 'list', data, model, usage: { prompt_tokens: usage.input, total_tokens: usage.input } }, usage };
  },
};
