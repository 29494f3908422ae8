import type { SchemaObject } from '@nestjs/swagger';

/**
 * OpenAPI schemas of the admin API's answers (/api), registered as components by swagger.setup.ts, and the answer each
 * operation gives by `METHOD path` (for operations whose controller declares none itself; a decorator always wins).
 */

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const list = (item: string, paged = false): SchemaObject => ({
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: ref(item) }, ...(paged ? { next_cursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page' } } : {}) },
});
const date = { type: 'string', format: 'date-time' } as const;
const nullableDate = { type: 'string', format: 'date-time', nullable: true } as const;

export const API_SCHEMAS: Record<string, SchemaObject> = {
  ApiError: {
    type: 'object',
    description: "Every /api error, in Nest's shape (validation errors list each problem in `message`).",
    required: ['statusCode', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: ['name must be a string'] },
      error: { type: 'string', example: 'Bad Request' },
    },
  },
  User: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, username: { type: 'string' }, role: { type: 'string', enum: ['admin', 'viewer'] }, disabled: { type: 'boolean' }, created_at: date, updated_at: date },
  },
  LoginResult: {
    type: 'object',
    required: ['token', 'expires_at', 'user'],
    properties: { token: { type: 'string', description: 'Send as `Authorization: Bearer <token>` (also set as the gg_session cookie)' }, expires_at: date, user: ref('User') },
  },
  Session: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      user_id: { type: 'string' },
      username: { type: 'string', nullable: true },
      created_at: date,
      last_seen_at: date,
      expires_at: date,
      ip: { type: 'string', nullable: true },
      user_agent: { type: 'string', nullable: true },
      current: { type: 'boolean' },
    },
  },
  Client: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      balance_usd: { type: 'number' },
      reserved_usd: { type: 'number' },
      allowed_models: { type: 'array', items: { type: 'string' }, nullable: true },
      rpm: { type: 'integer', nullable: true },
      tpm: { type: 'integer', nullable: true },
      created_at: date,
      updated_at: date,
    },
    additionalProperties: true,
  },
  ClientKey: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', nullable: true }, prefix: { type: 'string', example: 'gg-AbCd' }, created_at: date, expires_at: nullableDate, revoked_at: nullableDate, last_used_at: nullableDate },
    additionalProperties: true,
  },
  NewClientKey: {
    type: 'object',
    required: ['id', 'key', 'prefix'],
    properties: { id: { type: 'string', format: 'uuid' }, key: { type: 'string', description: 'The full key: shown once, never stored' }, prefix: { type: 'string' }, name: { type: 'string', nullable: true }, created_at: date, expires_at: nullableDate },
  },
  LedgerEntry: {
    type: 'object',
    properties: { id: { type: 'string' }, amount_usd: { type: 'number', description: 'charges are negative' }, kind: { type: 'string', example: 'credit' }, request_id: { type: 'string', nullable: true }, note: { type: 'string', nullable: true }, created_at: date },
    additionalProperties: true,
  },
  CreditResult: { allOf: [ref('LedgerEntry'), { type: 'object', properties: { balance_usd: { type: 'number' } } }] },
  UsageItem: {
    type: 'object',
    properties: {
      key: { type: 'string', description: 'the group (client id, model, provider, day…)' },
      requests: { type: 'integer' },
      errors: { type: 'integer' },
      input_tokens: { type: 'integer' },
      cache_read_tokens: { type: 'integer' },
      cache_write_tokens: { type: 'integer' },
      output_tokens: { type: 'integer' },
      reasoning_tokens: { type: 'integer' },
      cost_usd: { type: 'number' },
      avg_latency_ms: { type: 'number', nullable: true },
    },
    additionalProperties: true,
  },
  LogItem: {
    type: 'object',
    properties: {
      request_id: { type: 'string' },
      created_at: date,
      client_id: { type: 'string', nullable: true },
      client_name: { type: 'string', nullable: true },
      key_id: { type: 'string', nullable: true },
      model: { type: 'string' },
      provider: { type: 'string', nullable: true },
      status: { type: 'integer' },
      error_code: { type: 'string', nullable: true },
      latency_ms: { type: 'integer' },
      ttfb_ms: { type: 'integer', nullable: true },
      stream: { type: 'boolean' },
      input_tokens: { type: 'integer' },
      cache_read_tokens: { type: 'integer' },
      cache_write_tokens: { type: 'integer' },
      output_tokens: { type: 'integer' },
      reasoning_tokens: { type: 'integer' },
      cost_usd: { type: 'number' },
      estimated: { type: 'boolean' },
    },
    additionalProperties: true,
  },
  LogDetail: {
    allOf: [ref('LogItem'), { type: 'object', properties: { error_message: { type: 'string', nullable: true }, request_body: { type: 'string', nullable: true, description: 'only when logs.bodies is on' }, response_body: { type: 'string', nullable: true } } }],
  },
  Provider: {
    type: 'object',
    properties: {
      id: { type: 'string', nullable: true },
      name: { type: 'string' },
      kind: { type: 'string', enum: ['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible'] },
      base_url: { type: 'string', nullable: true },
      api_key: { type: 'string', nullable: true, description: 'write-only: shown as ••••last4' },
      source: { type: 'string', description: 'config, env or database (only database providers can be changed here)' },
      enabled: { type: 'boolean' },
      state: { type: 'string', enum: ['closed', 'open', 'half_open'] },
    },
    additionalProperties: true,
  },
  SystemInfo: {
    type: 'object',
    properties: {
      version: { type: 'string' },
      uptime_seconds: { type: 'number' },
      pid: { type: 'integer' },
      node_version: { type: 'string' },
      database: { type: 'object', properties: { kind: { type: 'string', enum: ['sqlite', 'postgres'] }, size_bytes: { type: 'integer', nullable: true } } },
      registry: { type: 'object', properties: { source: { type: 'string', nullable: true }, loaded_at: nullableDate, age_seconds: { type: 'number', nullable: true }, models: { type: 'integer' } } },
      providers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, kind: { type: 'string' }, state: { type: 'string' } } } },
    },
    additionalProperties: true,
  },
  UserList: list('User'),
  SessionList: list('Session'),
  ClientList: list('Client'),
  ClientKeyList: list('ClientKey'),
  LedgerPage: list('LedgerEntry', true),
  UsageSummary: list('UsageItem'),
  LogPage: list('LogItem', true),
  ProviderList: list('Provider'),
};

/** The success answer of /api operations whose controllers do not declare one, by `METHOD path`. */
export const API_ANSWERS: Record<string, { status: number; schema?: string; contentType?: string; description: string }> = {
  'POST /api/auth/login': { status: 200, schema: 'LoginResult', description: 'Signed in' },
  'POST /api/auth/logout': { status: 204, description: 'Signed out (the session is revoked)' },
  'GET /api/auth/me': { status: 200, schema: 'User', description: 'The signed-in user' },
  'GET /api/users': { status: 200, schema: 'UserList', description: 'Users' },
  'POST /api/users': { status: 201, schema: 'User', description: 'The new user' },
  'PATCH /api/users/{id}': { status: 200, schema: 'User', description: 'The updated user' },
  'DELETE /api/users/{id}': { status: 204, description: 'Deleted' },
  'GET /api/sessions': { status: 200, schema: 'SessionList', description: 'Your sessions (all for an admin)' },
  'DELETE /api/sessions/{id}': { status: 204, description: 'Revoked' },
  'GET /api/clients': { status: 200, schema: 'ClientList', description: 'Clients' },
  'POST /api/clients': { status: 201, schema: 'Client', description: 'The new client' },
  'GET /api/clients/{id}': { status: 200, schema: 'Client', description: 'The client' },
  'PATCH /api/clients/{id}': { status: 200, schema: 'Client', description: 'The updated client' },
  'DELETE /api/clients/{id}': { status: 204, description: 'Deleted' },
  'GET /api/clients/{id}/keys': { status: 200, schema: 'ClientKeyList', description: "The client's keys (never the keys themselves)" },
  'POST /api/clients/{id}/keys': { status: 201, schema: 'NewClientKey', description: 'The new key, shown once' },
  'PATCH /api/clients/{id}/keys/{keyId}': { status: 200, schema: 'ClientKey', description: 'The updated key' },
  'DELETE /api/clients/{id}/keys/{keyId}': { status: 204, description: 'Revoked' },
  'POST /api/clients/{id}/credit': { status: 201, schema: 'CreditResult', description: 'The ledger entry and the new balance' },
  'GET /api/clients/{id}/ledger': { status: 200, schema: 'LedgerPage', description: "The client's ledger, newest first" },
  'GET /api/usage': { status: 200, schema: 'UsageSummary', description: 'Requests, tokens by kind and cost per group' },
  'GET /api/logs': { status: 200, schema: 'LogPage', description: 'Request log rows, newest first' },
  'GET /api/logs/{requestId}': { status: 200, schema: 'LogDetail', description: 'One request (bodies only when enabled)' },
  'GET /api/providers': { status: 200, schema: 'ProviderList', description: 'Providers from config/env (read-only) and from the database' },
  'POST /api/providers': { status: 201, schema: 'Provider', description: 'The new provider' },
  'PATCH /api/providers/{id}': { status: 200, schema: 'Provider', description: 'The updated provider' },
  'DELETE /api/providers/{id}': { status: 204, description: 'Deleted' },
  'GET /api/system': { status: 200, schema: 'SystemInfo', description: 'Version, uptime, database, registry age, breaker states' },
  'GET /api/system/backup': { status: 200, contentType: 'application/octet-stream', description: 'A consistent SQLite snapshot (admin only)' },
};
