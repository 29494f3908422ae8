/** The 12-model models.dev subset (test/fixtures/registry), for tests that assert on a whole, small catalog. */
export const SMALL_CATALOG = new URL('../fixtures/registry/models-dev.small.json', import.meta.url);
