import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { VERSION } from './version.js';
import { V1_SCHEMAS } from './gateway/index.js';
import { completeAdminApi } from './dashboard/openapi/api.document.js';

/** Swagger UI at /docs and the OpenAPI document at /docs-json, for /v1 and /api. */
export function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('GopherGate')
      .setDescription('OpenAI-compatible LLM gateway: the client API under /v1 (bearer client key) and the admin API under /api (bearer session token or gg_session cookie).')
      .setVersion(VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Client key (gg-…)' }, 'client-key')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Client key (gg-…), as Anthropic clients send it' }, 'x-api-key')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Dashboard session token' }, 'session')
      .addCookieAuth('gg_session', { type: 'apiKey', in: 'cookie', name: 'gg_session' }, 'session-cookie')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'GOPHERGATE_METRICS_TOKEN' }, 'metrics-token')
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...V1_SCHEMAS } };
  completeAdminApi(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
