import { spawnSync } from 'node:child_process';

/**
 * DESIGN.md's import rules are enforced by ESLint (eslint.config.mjs): each forbidden import below must fail lint
 * and each allowed one must pass. ESLint runs in a child process on the project's real config, the way `npm run
 * lint` runs it, with the snippet placed at the path that decides which rules apply.
 */
interface Case {
  name: string;
  file: string;
  code: string;
  forbidden: boolean;
}

const CASES: Case[] = [
  { name: 'billing imports providers', file: 'src/billing/ledger/fake.ts', code: "import { ProviderRegistry } from '../../providers/index.js';", forbidden: true },
  { name: 'billing imports gateway', file: 'src/billing/fake.ts', code: "import { GatewayModule } from '../gateway/index.js';", forbidden: true },
  { name: 'logging imports gateway', file: 'src/logging/query/fake.ts', code: "import { GatewayModule } from '../../gateway/index.js';", forbidden: true },
  { name: "gateway reaches into billing's files", file: 'src/gateway/chat/fake.ts', code: "import { LedgerService } from '../../billing/ledger/ledger.service.js';", forbidden: true },
  { name: "dashboard reaches into auth's files", file: 'src/dashboard/clients/fake.ts', code: "import { KeyCache } from '../../auth/keys/key-cache.js';", forbidden: true },
  { name: 'a top-level module file reaches into another module', file: 'src/app-fake/fake.ts', code: "import { X } from '../registry/routing/glob.js';", forbidden: true },
  { name: 'an adapter imports another kind', file: 'src/providers/adapters/openai/fake.ts', code: "import { anthropicAdapter } from '../anthropic/anthropic.adapter.js';", forbidden: true },
  { name: 'an adapter imports outside adapters', file: 'src/providers/adapters/gemini/fake.ts', code: "import { UpstreamStream } from '../../transport/upstream.stream.js';", forbidden: true },
  { name: 'an adapter imports Nest', file: 'src/providers/adapters/ollama/fake.ts', code: "import { Injectable } from '@nestjs/common';", forbidden: true },
  { name: 'an adapter does I/O', file: 'src/providers/adapters/core/fake.ts', code: "import { request } from 'undici';", forbidden: true },
  { name: 'the dashboard queries the database itself', file: 'src/dashboard/usage/fake.ts', code: "import { DataSource } from 'typeorm';", forbidden: true },
  { name: 'a module other than config reads the environment', file: 'src/auth/fake.ts', code: 'export const x = process.env.X;', forbidden: true },
  { name: 'gateway imports billing through its index', file: 'src/gateway/chat/fake.ts', code: "import { BillingService } from '../../billing/index.js';", forbidden: false },
  { name: 'a module imports its own files', file: 'src/billing/ledger/fake.ts', code: "import { BillingService } from '../billing.service.js';", forbidden: false },
  { name: 'an adapter imports adapters/core', file: 'src/providers/adapters/openai/fake.ts', code: "import { AdapterError } from '../core/index.js';", forbidden: false },
  { name: 'billing imports registry through its index', file: 'src/billing/cost/fake.ts', code: "import { RegistryService } from '../../registry/index.js';", forbidden: false },
];

const SCRIPT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code + '\\nexport {};\\n', { filePath: c.file });
  out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.ruleId));
}
process.stdout.write(JSON.stringify(out));
`;

describe('module import rules fail lint (DESIGN.md)', () => {
  let findings: string[][];

  beforeAll(() => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify(CASES)], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`eslint did not run: ${run.stderr}`);
    findings = JSON.parse(run.stdout) as string[][];
  }, 130_000);

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    if (c.forbidden) expect(findings[i]!.length).toBeGreaterThan(0);
    else expect(findings[i]).toEqual([]);
  });
});
