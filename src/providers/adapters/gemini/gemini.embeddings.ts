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
import { modelPath } from './gemini.request.js';

const HANDLED: ReadonlySet<string> = new Set(['input', 'encoding_format', 'dimensions']);

/** OpenAI /embeddings ⇄ Gemini models/{m}:batchEmbedContents. */
export const geminiEmbeddings: EmbeddingsAdapter = {
  toWire(req: EmbeddingsRequest, ctx: AdapterContext): WireRequest {
    const dropped = checkParams(req, 'gemini', HANDLED);
    const format = encodingFormat(req);
    const model = modelPath(ctx.upstreamModel);
    const requests = embeddingInputs(req).map((text) => {
      const r: JsonObject = { model, content: { parts: [{ text }] } };
      if (present(req.dimensions)) r['outputDimensionality'] = req.dimensions;
      return r;
    });
    const wire: WireRequest = {
      path: `${model}:batchEmbedContents`,
      headers: { 'content-type': 'application/json' },
      body: { requests },
      framing: 'json',
      hints: { encodingFormat: format },
    };
    if (dropped.length) wire.dropped = dropped;
    return wire;
  },
  fromWire(body: unknown, ctx: AdapterContext): { response: EmbeddingsResponse; usage: NormalizedUsage } {
    if (!isRecord(body) || !Array.isArray(body['embeddings'])) throw upstreamInvalid('gemini', "no 'embeddings' array");
    const format = ctx.request?.hints?.encodingFormat ?? 'float';
    const data = asArray(body['embeddings']).map((e, i) => {
      const values = asArray(asRecord(e)['values']).map(Number);
      return toEmbedding(values, i, format);
    });
    const usage: NormalizedUsage = { ...emptyUsage(), input: count(asRecord(body['usageMetadata'])['promptTokenCount']) };
    return {
      response: { object: 'list', data, model: ctx.upstreamModel, usage: { prompt_tokens: usage.input, total_tokens: usage.input } },
      usage,
    };
  },
};
