import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, otlpTracesUrl } from '../../../src/config/index.js';
import { surfaceOf } from '../../../src/common/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gg-otel-config-'));
const load = (env: Record<string, string>) => loadConfig(env, dir);

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('tracing configuration from the standard OTEL_* variables', () => {
  it('is off without an OTLP endpoint', () => {
    expect(otlpTracesUrl(load({}).otel)).toBeNull();
  });

  it('sends to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(otlpTracesUrl(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otel)).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example/in' }).otel)).toBe('https://otel.example/in');
  });

  it('stays off when the SDK is disabled or the exporter is none', () => {
    expect(otlpTracesUrl(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).otel)).toBeNull();
    expect(otlpTracesUrl(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).otel)).toBeNull();
  });

  it('reads protocol, headers, timeout, service name, resource attributes and sampler', () => {
    const otel = load({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=abc',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_SERVICE_NAME: 'edge-gateway',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).otel;
    expect(otel).toMatchObject({ protocol: 'http/json', headers: 'x-honeycomb-team=abc', timeout_ms: 2500, service_name: 'edge-gateway', resource_attributes: 'deployment.environment=prod', sampler: 'parentbased_traceidratio', sampler_arg: 0.25 });
  });

  it('refuses grpc, an unknown sampler, a ratio above 1 and a non-URL endpoint, naming each key', () => {
    const problems = problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^otel\.endpoint must be an http\(s\) URL/),
        expect.stringMatching(/^otel\.protocol must be http\/protobuf or http\/json \(grpc is not supported\)/),
        expect.stringMatching(/^otel\.sampler /),
        expect.stringMatching(/^otel\.sampler_arg /),
      ]),
    );
  });
});

describe('surfaces', () => {
  it.each([
    ['/v1/chat/completions', 'chat', '/v1/chat/completions'],
    ['/v1/chat/completions?x=1', 'chat', '/v1/chat/completions'],
    ['/v1/embeddings', 'embeddings', '/v1/embeddings'],
    ['/v1/messages', 'messages', '/v1/messages'],
    ['/v1/messages/count_tokens', 'messages', '/v1/messages/count_tokens'],
    ['/v1/responses/resp_123', 'responses', '/v1/responses/{id}'],
    ['/v1/models/gpt-4o', 'models', '/v1/models/{id}'],
    ['/v1/chat/completionsX', 'other', '/v1/*'],
    ['/v1/other', 'other', '/v1/*'],
  ])('%s is %s (%s)', (url, surface, route) => {
    expect(surfaceOf(url)).toEqual({ surface, route });
  });
});
