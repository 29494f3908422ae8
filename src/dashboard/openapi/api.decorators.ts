import { ApiBody } from '@nestjs/swagger';

/** A POST that takes no body: documented as such (an empty JSON object is accepted), so every POST declares its body. */
export function ApiNoBody(): MethodDecorator {
  return ApiBody({ required: false, description: 'No body (an empty JSON object is accepted).', schema: { type: 'object', maxProperties: 0, example: {} } });
}
