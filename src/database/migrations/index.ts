import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS = [InitialSchema1764300000000];
