import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/index.js';
import type { LedgerEntryView } from '../../billing/index.js';
import { CreditDto, LedgerQueryDto } from './credit.dto.js';
import { CreditService, type CreditResult } from './credit.service.js';

/** A client's credit: top-ups and corrections (admin), the ledger (every signed-in user), newest first, charges negative. */
@ApiTags('credit')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/clients/:id')
export class CreditController {
  constructor(private readonly credit: CreditService) {}

  @Post('credit')
  @HttpCode(201)
  @Roles('admin')
  add(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreditDto): Promise<CreditResult> {
    return this.credit.credit(id, body.amount_usd, body.note ?? null);
  }

  @Get('ledger')
  ledger(@Param('id', ParseUUIDPipe) id: string, @Query() query: LedgerQueryDto): Promise<{ data: LedgerEntryView[]; next_cursor: string | null }> {
    return this.credit.ledgerOf(id, query.limit, query.cursor);
  }
}
