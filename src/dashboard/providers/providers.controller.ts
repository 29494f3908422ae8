import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/index.js';
import { CreateProviderDto, ProviderItem, ProviderTestResultDto, UpdateProviderDto } from './provider.dto.js';
import { ProvidersAdminService } from './providers-admin.service.js';
import { ApiNoBody } from '../openapi/api.decorators.js';
import { providerKinds, type ProviderKindView } from './provider-defaults.js';

@ApiTags('providers')
@ApiBearerAuth('session')
@ApiCookieAuth('session-cookie')
@Controller('api/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersAdminService) {}

  @Get()
  @ApiOkResponse({ description: 'Providers from config/env (read-only) and from the database' })
  async list(): Promise<{ data: ProviderItem[] }> {
    return { data: await this.providers.list() };
  }

  @Get('kinds')
  @ApiOkResponse({ description: 'Provider kinds with the base URL the form pre-fills (as each vendor documents it) and the openai-compatible presets' })
  kinds(): { data: ProviderKindView[] } {
    return { data: providerKinds() };
  }

  @Post()
  @Roles('admin')
  create(@Body() body: CreateProviderDto): Promise<ProviderItem> {
    return this.providers.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id') id: string, @Body() body: UpdateProviderDto): Promise<ProviderItem> {
    return this.providers.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.providers.remove(id);
  }

  @Post(':id/test')
  @ApiNoBody()
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderTestResultDto })
  test(@Param('id') id: string): Promise<ProviderTestResultDto> {
    return this.providers.test(id);
  }
}
