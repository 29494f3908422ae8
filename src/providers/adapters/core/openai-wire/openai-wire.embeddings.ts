import type { AdapterContext, EmbeddingsAdapter, NormalizedUsage, WireRequest } from '../adapter.types.js';
import { invalid } from '../adapter.error.js';
import { asRecord, cloneJson, isRecord, type JsonObject } from '../json.util.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../openai.types.js';
import { count, emptyUsage } from '../usage.js';
import { upstreamInvalid } from './openai-wire.response.js';

export function openAIEmbeddings(provider: string): EmbeddingsAdapter {
  return {
    toWire(req: EmbeddingsRequest, ctx: AdapterContext): WireRequest {
      if (!isRecord(req)) throw invalid('body', 'The request body must be a JSON object.');
      const body = cloneJson(req) as JsonObject;
      body['model'] = ctx.upstreamModel;
      return { path: 'embeddings', headers: { 'content-type': 'application/json' }, body, framing: 'json' };
    },
    fromWire(body: unknown): { response: EmbeddingsResponse; usage: NormalizedUsage } {
      if (!isRecord(body) || !Array.isArray(body['data'])) throw upstreamInvalid(provider, "no 'data' array");
      const response = cloneJson(body) as unknown as EmbeddingsResponse;
      const u = asRecord(body['usage']);
      const usage = { ...emptyUsage(), input: count(u['prompt_tokens']) || count(u['total_tokens']) };
      return { response, usage };
    },
  };
}
