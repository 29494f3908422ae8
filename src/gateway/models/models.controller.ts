import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiV1Answer, ApiV1Errors, ApiClientKey } from '../openapi/v1.decorators.js';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/index.js';
import { ModelsService, type ModelObject } from './models.service.js';
import type { AnthropicModel, AnthropicModelList } from './anthropic-models.view.js';

@ApiTags('v1')
@ApiClientKey()
@Controller('v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ summary: "The models this key may use (OpenAI list shape; Anthropic's with an anthropic-version header)" })
  @ApiV1Answer('The models this key may use', 'ModelList')
  @ApiV1Errors(401)
  list(@Req() req: FastifyRequest): { object: 'list'; data: ModelObject[] } | AnthropicModelList {
    if (req.headers['anthropic-version'] !== undefined) return this.models.listAnthropic(principalOf(req));
    return this.models.list(principalOf(req));
  }

  /** Model ids may contain '/', e.g. anthropic/claude-sonnet-4-5. */
  @Get('*')
  @ApiOperation({ summary: 'One model this key may use' })
  @ApiParam({ name: 'path', description: 'The model id (it may contain `/`, e.g. anthropic/claude-sonnet-4-5)', example: 'gpt-4o-mini' })
  @ApiV1Answer('The model', 'Model')
  @ApiV1Errors(401, 404)
  get(@Req() req: FastifyRequest): ModelObject | AnthropicModel {
    const raw = (req.params as Record<string, string | undefined>)['*'] ?? (req.params as Record<string, string | undefined>)['id'] ?? '';
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      id = raw;
    }
    if (req.headers['anthropic-version'] !== undefined) return this.models.getAnthropic(principalOf(req), id);
    return this.models.get(principalOf(req), id);
  }
}
