import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { LedgerService, type LedgerEntryView } from '../../billing/index.js';
import { microsToUsd, usdToMicros } from '../../common/index.js';

export type CreditResult = LedgerEntryView & { balance_usd: number };

/** Top-ups, corrections and ledger reads for /api/clients/:id/credit and /ledger. */
@Injectable()
export class CreditService {
  constructor(private readonly ledger: LedgerService) {}

  async credit(clientId: string, amountUsd: number, note: string | null): Promise<CreditResult> {
    const micros = usdToMicros(amountUsd);
    if (micros === 0) throw new BadRequestException(['amount_usd must be at least 0.000001 in absolute value']);
    const { entryId, balanceMicros } = await this.ledger.addEntry(clientId, micros, micros > 0 ? 'credit' : 'correction', note?.trim() || null);
    const entry = await this.ledger.entry(entryId);
    if (!entry) throw new NotFoundException('ledger entry not found');
    return { ...entry, balance_usd: microsToUsd(balanceMicros) };
  }

  async ledgerOf(clientId: string, limit: number | undefined, cursor: string | undefined): Promise<{ data: LedgerEntryView[]; next_cursor: string | null }> {
    if (!(await this.ledger.balances(clientId))) throw new NotFoundException(`client ${clientId} not found`);
    return this.ledger.list(clientId, { limit: limit ?? 100, cursor: cursor ?? null });
  }
}
