import { Injectable, NotFoundException } from '@nestjs/common';
import { LedgerService, type LedgerEntryView } from '../../billing/index.js';
import { moneyToDecimal, moneyToUsd, usdToMoney } from '../../common/index.js';

export type CreditResult = LedgerEntryView & { balance_usd: number; balance_usd_exact: string };

/** Top-ups, corrections and ledger reads for /api/clients/:id/credit and /ledger. */
@Injectable()
export class CreditService {
  constructor(private readonly ledger: LedgerService) {}

  async credit(clientId: string, amountUsd: number, note: string | null): Promise<CreditResult> {
    const amount = usdToMoney(amountUsd); // validated by CreditDto: at most 10 decimals, non-zero
    const { entryId, balanceE10 } = await this.ledger.addEntry(clientId, amount, amount > 0n ? 'credit' : 'correction', note?.trim() || null);
    const entry = await this.ledger.entry(entryId);
    if (!entry) throw new NotFoundException('ledger entry not found');
    return { ...entry, balance_usd: moneyToUsd(balanceE10), balance_usd_exact: moneyToDecimal(balanceE10) };
  }

  async ledgerOf(clientId: string, limit: number | undefined, cursor: string | undefined): Promise<{ data: LedgerEntryView[]; next_cursor: string | null }> {
    if (!(await this.ledger.balances(clientId))) throw new NotFoundException(`client ${clientId} not found`);
    return this.ledger.list(clientId, { limit: limit ?? 100, cursor: cursor ?? null });
  }
}
