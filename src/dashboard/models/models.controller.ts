import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/index.js';
import { ModelListDto, RegistryInfoDto, RouteExplanationDto, RouteQueryDto } from './models.dto.js';
import { ModelsAdminService } from './models.service.js';
import { ApiNoBody } from '../openapi/api.decorators.js';

@ApiTags('models')
@ApiBearerAuth('session')
@Controller('api')
export class ModelsController {
  constructor(private readonly models: ModelsAdminService) {}

  /** The model catalog with prices (USD per 1M tokens) and the configured providers that would serve each model. */
  @Get('models')
  // /v1's ModelsController has a `list` too: operation ids must be unique (client generators refuse the document otherwise)
  @ApiOperation({ operationId: 'AdminModelsController_list' })
  @ApiOkResponse({ type: ModelListDto })
  list(): ModelListDto {
    return this.models.list();
  }

  /** Which provider would serve a model id, its fallbacks and its price. */
  @Get('models/route')
  @ApiOkResponse({ type: RouteExplanationDto })
  @ApiNotFoundResponse({ description: 'No configured provider serves the model' })
  route(@Query() query: RouteQueryDto): RouteExplanationDto {
    return this.models.explain(query.model);
  }

  /** Download registry.url now; the catalog is replaced only by a valid document. */
  @Post('registry/refresh')
  @ApiNoBody()
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: RegistryInfoDto })
  @ApiBadGatewayResponse({ description: 'The download failed or the document was invalid; the loaded catalog is unchanged' })
  @ApiConflictResponse({ description: 'Refresh is disabled (registry.url is empty)' })
  refresh(): Promise<RegistryInfoDto> {
    return this.models.refresh();
  }
}
