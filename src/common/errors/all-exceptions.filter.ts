import type { OutgoingHttpHeaders } from 'node:http';
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
    if (reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    const body = !usesOpenAIEnvelope(request.url)
      ? toNestShape(exception, error)
      : usesAnthropicEnvelope(request.url, request.headers)
        ? toAnthropicEnvelope(error)
        : error.toEnvelope();
    if (reply.sent) {
      // taken over for a stream that never opened (e.g. its admission could not be made durable before the first
      // byte): the error still goes out with its own status, on the raw response, never as an empty 200
      if (reply.raw.writableEnded) return;
      reply.raw.writeHead(error.status, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...error.headers, 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify(body));
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    reply.status(error.status).type('application/json; charset=utf-8').send(body);
  }
}
