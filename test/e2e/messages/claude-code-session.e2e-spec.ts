import Anthropic from '@anthropic-ai/sdk';
import { databaseTargets } from '../../support/test-database.js';
import { balanceUsd } from '../gateway/support/gateway.harness.js';
import { CLAUDE, anthropicSdk, startMessagesWorld, type MessagesWorld } from './support/messages.harness.js';

/** What Claude Code sends (shape from its traffic through ANTHROPIC_BASE_URL): betas, a cached system prompt, tools, streaming. */
const BETAS = 'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14';
const SYSTEM: Anthropic.TextBlockParam[] = [
  { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
  { type: 'text', text: 'You are an interactive CLI tool that helps users with software engineering tasks. '.repeat(30), cache_control: { type: 'ephemeral' } },
];
const TOOLS: Anthropic.Tool[] = [
  { name: 'Bash', description: 'Executes a bash command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
  { name: 'get_weather', description: 'Current weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city', 'unit'] }, cache_control: { type: 'ephemeral' } },
];

describe.each(databaseTargets())('a Claude-Code-shaped session through the gateway, on %s', (db) => {
  let w: MessagesWorld;

  beforeAll(async () => {
    w = await startMessagesWorld(db);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('streams a tool loop with cache markers and betas reaching the provider as sent, billed exactly', async () => {
    const ant = w.mocks.get('ant')!;
    const bodies: string[] = [];
    const capture: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/messages')) bodies.push(String(init?.body ?? ''));
      return fetch(input, init);
    };
    // Claude Code with ANTHROPIC_AUTH_TOKEN sends the key as a bearer token
    const sdk = anthropicSdk(w.t, w.client.key, { bearer: true, headers: { 'anthropic-beta': BETAS }, fetch: capture });
    const before = await balanceUsd(w.t, w.token, w.client.id);

    const history: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'What is the weather where the photo was taken?', cache_control: { type: 'ephemeral' } }] }];
    const turn1 = await sdk.messages.stream({ model: CLAUDE, max_tokens: 32000, system: SYSTEM, tools: TOOLS, messages: history, metadata: { user_id: 'user_abc_account_123_session_456' } }).finalMessage();
    expect(turn1.stop_reason).toBe('tool_use');
    const call = turn1.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(call.input).toEqual({ city: 'Paris', unit: 'celsius' });

    history.push({ role: 'assistant', content: turn1.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18 °C, light rain', cache_control: { type: 'ephemeral' } }] });
    const texts: string[] = [];
    const stream2 = sdk.messages.stream({ model: CLAUDE, max_tokens: 32000, system: SYSTEM, tools: TOOLS, messages: history, metadata: { user_id: 'user_abc_account_123_session_456' } });
    stream2.on('text', (t) => texts.push(t));
    const turn2 = await stream2.finalMessage();
    expect(turn2.stop_reason).toBe('end_turn');
    expect(texts.join('')).toContain('Paris');
    expect(turn2.usage.cache_read_input_tokens).toBe(1536);

    const upstream = ant.requests.filter((r) => r.path === '/v1/messages');
    expect(upstream).toHaveLength(2);
    upstream.forEach((r, i) => {
      expect(r.rawBody).toBe(bodies[i]);
      expect(r.headers['anthropic-beta']).toBe(BETAS);
      expect(r.headers['x-api-key']).toBe('secret-ant-key-123456');
      expect(r.headers['authorization']).toBeUndefined();
    });
    expect(upstream[1].body.messages[2].content[0].cache_control).toEqual({ type: 'ephemeral' });

    // turn 1: 412 × $3 + 1536 × $3.75 (cache write) + 78 × $15 = 8166 µ$; turn 2: 524 × $3 + 1536 × $0.30 (cache read) + 31 × $15 = 2497.8 → 2498 µ$
    const after = await balanceUsd(w.t, w.token, w.client.id);
    expect(Math.round((before - after) * 1e6)).toBe(8166 + 2498);
  });
});
