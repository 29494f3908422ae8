import { Injectable } from '@nestjs/common';

/** The time budgets see (which period a request falls in). One injectable source, so tests can move it. */
@Injectable()
export class BudgetClock {
  now(): number {
    return Date.now();
  }
}
