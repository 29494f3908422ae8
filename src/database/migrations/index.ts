import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';
import { BillingOwnership1764300600000 } from './1764300600000-billing-ownership.js';
import { InvalidationTriggers1764400000000 } from './1764400000000-invalidation-triggers.js';
import { Budgets1796562858860 } from './1796562858860-budgets.js';
import { StoredResponses1796563111677 } from './1796563111677-stored-responses.js';
import { ServedModel1796563809296 } from './1796563809296-served-model.js';
import { RequestLogTags1796563824592 } from './1796563824592-request-log-tags.js';
import { RequestLogSurface1796564029489 } from './1796564029489-request-log-surface.js';
import { Alerts1796565018967 } from './1796565018967-alerts.js';
import { MoneyUsdE101796566000000 } from './1796566000000-money-usd-e10.js';
import { CreditLeases1796567000000 } from './1796567000000-credit-leases.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS = [
  InitialSchema1764300000000, BillingOwnership1764300600000, InvalidationTriggers1764400000000, Budgets1796562858860, StoredResponses1796563111677,
  ServedModel1796563809296, RequestLogTags1796563824592, RequestLogSurface1796564029489, Alerts1796565018967,
  MoneyUsdE101796566000000, CreditLeases1796567000000,
];
