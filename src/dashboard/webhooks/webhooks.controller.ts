import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { WebhooksService, type DeliveryView, type WebhookView } from '../../alerts/index.js';
import { ApiNoBody } from '../openapi/api.decorators.js';
import { CreateWebhookDto, DeliveriesQueryDto, UpdateWebhookDto, WEBHOOK_ID } from './webhooks.dto.js';

class WebhookIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !WEBHOOK_ID.test(value)) throw new BadRequestException(['id must be a webhook id']);
    return value;
  }
}

/** Alert webhooks: admin-made ones, and config `alerts.webhooks` (read-only). Secrets are write-only. */
@ApiTags('webhooks')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  async list(): Promise<{ data: WebhookView[] }> {
    return { data: await this.webhooks.list() };
  }

  @Post()
  create(@Body() body: CreateWebhookDto): Promise<WebhookView> {
    return this.webhooks.create(body);
  }

  @Get(':id')
  get(@Param('id', WebhookIdPipe) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  update(@Param('id', WebhookIdPipe) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookView> {
    return this.webhooks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', WebhookIdPipe) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  async deliveries(@Param('id', WebhookIdPipe) id: string, @Query() query: DeliveriesQueryDto): Promise<{ data: DeliveryView[] }> {
    return { data: await this.webhooks.deliveries(id, query.limit) };
  }

  @Post(':id/test')
  @ApiNoBody()
  @HttpCode(202)
  async test(@Param('id', WebhookIdPipe) id: string): Promise<{ event_id: string }> {
    return { event_id: (await this.webhooks.sendTest(id)).id };
  }
}
