import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';
import { BillingOwnership1764300600000 } from './1764300600000-billing-ownership.js';
import { InvalidationTriggers1764400000000 } from './1764400000000-invalidation-triggers.js';
import { ServedModel1796563809296 } from './1796563809296-served-model.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS = [InitialSchema1764300000000, BillingOwnership1764300600000, InvalidationTriggers1764400000000, ServedModel1796563809296];
