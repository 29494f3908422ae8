import type { ModelObject } from './models.service.js';

/** One model in Anthropic's shape (GET /v1/models with an `anthropic-version` header). */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

export interface AnthropicModelList {
  data: AnthropicModel[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

export function toAnthropicModel(m: ModelObject, displayName: string | null): AnthropicModel {
  return { type: 'model', id: m.id, display_name: displayName ?? m.id, created_at: new Date(m.created * 1000).toISOString() };
}

/** The key's models as Anthropic lists them: one page holding every model. */
export function toAnthropicList(models: AnthropicModel[]): AnthropicModelList {
  return { data: models, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
}
