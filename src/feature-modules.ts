import type { Type } from '@nestjs/common';

/** The product's feature modules, in dependency order. */
export const FEATURE_MODULES: Type[] = [];
