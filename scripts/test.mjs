// `npm test`: build (process-level tests run dist/main.js), then every Jest project. Database tests run on SQLite and,
// when TEST_DATABASE_URL is set, again on PostgreSQL; browser tests run when a Chromium is found.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, env = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('node', ['scripts/build.mjs', '--if-stale']);
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const projects = ['unit', 'e2e', ...(chromium ? ['browser'] : [])];
if (!chromium) process.stdout.write('No Chromium found: browser tests skipped (set CHROMIUM_PATH or apt-get install chromium).\n');
const extra = process.argv.slice(2);
run('node', ['node_modules/jest/bin/jest.js', ...projects.flatMap((p) => ['--selectProjects', p]), '--maxWorkers=2', ...extra], {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
  ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
});
