import { loadConfig, type AppConfig } from '../../../../src/config/index.js';

/** The real services CI starts (.ci/run); a suite that needs one is skipped cleanly when it is not configured. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

export const describeWithPostgres = TEST_DATABASE_URL ? describe : describe.skip;
export const describeWithRedis = TEST_REDIS_URL ? describe : describe.skip;
export const describeWithPostgresAndRedis = TEST_DATABASE_URL && TEST_REDIS_URL ? describe : describe.skip;

/** A config as the app would load it from this environment (nothing else read). */
export function configWith(env: Record<string, string>): AppConfig {
  return loadConfig({ DATA_DIR: '/tmp/gg-scaleout-unused', GOPHERGATE_REGISTRY_URL: '', ...env }, '/tmp');
}

/** Poll `check` every `everyMs` until it returns true or `withinMs` passes; returns the elapsed ms, or null on timeout. */
export async function within(withinMs: number, check: () => Promise<boolean> | boolean, everyMs = 20): Promise<number | null> {
  const start = Date.now();
  for (let i = 0; i < 10_000; i++) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > withinMs) return null;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return null;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
