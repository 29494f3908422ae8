import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { ClientsService, type ClientView } from '../../auth/index.js';
import { CreateClientDto, UpdateClientDto } from './clients.dto.js';

/** API clients (credit and ledger endpoints live with billing). */
@ApiTags('clients')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  async list(): Promise<{ data: ClientView[] }> {
    return { data: await this.clients.list() };
  }

  @Post()
  create(@Body() body: CreateClientDto): Promise<ClientView> {
    return this.clients.create(body);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ClientView> {
    return this.clients.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateClientDto): Promise<ClientView> {
    return this.clients.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.clients.remove(id);
  }
}
