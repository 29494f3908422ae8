import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toApiError, toNestShape } from './http-error.mapper.js';
import { toAnthropicEnvelope, usesAnthropicEnvelope } from './anthropic-envelope.js';

/** Is this request answered in the OpenAI envelope (the client API) rather than Nest's shape (the admin API)? */
export function usesOpenAIEnvelope(url: string): boolean {
  return !url.startsWith('/api/') && url !== '/api';
}

/**
 * The one global filter. /v1 (and everything that is not /api) answers {"error":{message,type,param,code}};
 * /api answers Nest's {statusCode,message,error}. A 5xx never carries a stack or an internal message.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { error, internal } = toApiError(exception);
    if (internal) {
      this.logger.error({ err: exception, request_id: request.id, url: request.url.split('?')[0] }, 'unhandled error');
    }
    if (reply.sent || reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    const body = !usesOpenAIEnvelope(request.url)
      ? toNestShape(exception, error)
      : usesAnthropicEnvelope(request.url, request.headers)
        ? toAnthropicEnvelope(error)
        : error.toEnvelope();
    reply.status(error.status).type('application/json; charset=utf-8').send(body);
  }
}
