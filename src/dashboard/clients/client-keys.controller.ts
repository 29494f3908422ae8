import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { ClientsService, type ClientKeyView, type NewClientKeyView } from '../../auth/index.js';
import { CreateKeyDto, UpdateKeyDto } from './clients.dto.js';

/** A client's API keys: the full key is returned by create only. */
@ApiTags('clients')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/clients/:id/keys')
export class ClientKeysController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  async list(@Param('id', ParseUUIDPipe) id: string): Promise<{ data: ClientKeyView[] }> {
    return { data: await this.clients.listKeys(id) };
  }

  @Post()
  create(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreateKeyDto): Promise<NewClientKeyView> {
    return this.clients.createKey(id, body);
  }

  @Patch(':keyId')
  update(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string, @Body() body: UpdateKeyDto): Promise<ClientKeyView> {
    return this.clients.updateKey(id, keyId, body);
  }

  @Delete(':keyId')
  @HttpCode(204)
  revoke(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<void> {
    return this.clients.revokeKey(id, keyId);
  }
}
