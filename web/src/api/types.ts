// Shapes of the admin API (CONTRACT.md section 3), by the names the dashboard uses. They come from the server's OpenAPI
// document through openapi.gen.ts (`npm run gen:api-types`): where a shape is wrong or loose, fix the server's schema
// (src/dashboard/openapi/api.schemas.ts or the DTO's decorators) and regenerate, rather than typing it here.
// Money is USD as numbers; timestamps are ISO strings.
import type { components, operations } from './openapi.gen';

type Schemas = components['schemas'];

export interface List<T> {
  data: T[];
}

export type User = Schemas['User'];
export type Role = User['role'];
export type AdminUser = Schemas['AdminUser'];
export type LoginResponse = Schemas['LoginResult'];
export type Session = Schemas['Session'];

export type Budget = Schemas['Budget'];
export type BudgetInput = Schemas['BudgetDto'];
export type BudgetPeriod = Budget['period'];

export type Client = Schemas['Client'];
/** The body of POST /api/clients (which needs `name`) and PATCH /api/clients/{id}. */
export type ClientInput = Partial<Schemas['CreateClientDto']>;
export type ClientKey = Schemas['ClientKey'];
export type NewClientKey = Schemas['NewClientKey'];
export type LedgerEntry = Schemas['LedgerEntry'];
export type LedgerKind = LedgerEntry['kind'];

export type Provider = Schemas['Provider'];
export type BreakerState = Exclude<Provider['state'], 'disabled'>;
/** The body of POST /api/providers (which needs `name` and `kind`) and PATCH /api/providers/{id}. */
export type ProviderInput = Partial<Schemas['CreateProviderDto']>;
/** Each kind's default base URL, from the gateway (GET /api/providers/kinds: the adapters' own defaults). */
export type ProviderKindInfo = Schemas['ProviderKind'];
export type ProviderKind = ProviderKindInfo['kind'];
export type ProviderTestResult = Schemas['ProviderTestResultDto'];

// The form's choices; the check below fails to compile when the server has a kind this list lacks.
export const PROVIDER_KINDS = ['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible'] as const satisfies readonly ProviderKind[];
const everyKindListed: Exclude<ProviderKind, (typeof PROVIDER_KINDS)[number]> extends never ? true : false = true;
void everyKindListed;

export type Model = Schemas['ModelItemDto'];
export type RouteResult = Schemas['RouteExplanationDto'];
export type RoutingKey = Schemas['RoutingKeyDto'];
export type RoutingDeployment = Schemas['RoutingDeploymentDto'];
export type RoutingStatus = Schemas['RoutingStatusDto'];

export type UsageGroup = NonNullable<NonNullable<operations['UsageController_summary']['parameters']['query']>['group_by']>;
export type UsageRow = Schemas['UsageItem'];

/** A request log row; the detail (GET /api/logs/{requestId}) adds the error message and the bodies. */
export type LogEntry = Schemas['LogItem'] & Partial<Schemas['LogDetail']>;
export type LogPage = Schemas['LogPage'];

export type SystemInfo = Schemas['SystemInfo'];
export type Webhook = Schemas['Webhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];

// Live feed (/ws) messages: the WebSocket feed is not part of the OpenAPI document, so these are written by hand.

/** A live-feed alert: the webhook event itself. */
export interface LiveAlert {
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

export interface LiveRequest {
  request_id: string;
  client: string | null;
  model: string | null;
  provider: string | null;
  status: number | string;
  latency_ms: number | null;
  tokens: number | Record<string, number> | null;
  cost_usd: number | null;
  surface?: string;
}

export interface LiveProvider {
  name: string;
  state: Provider['state'];
}

export interface LiveCredit {
  client_id: string;
  balance_usd: number;
  balance_usd_exact: string;
}
