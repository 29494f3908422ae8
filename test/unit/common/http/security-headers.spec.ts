import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { computeSecurityHeaders } from '../../../../src/common/http/security-headers.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('Helmet is a direct dependency (issue 12, extra)', () => {
  it('is declared in package.json and imported as itself, not resolved through @fastify/helmet\'s install', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.helmet).toBeDefined();
    const reaching = sources('src').filter((file) => /createRequire|resolve\(['"]@fastify\/helmet/.test(readFileSync(file, 'utf8')) && readFileSync(file, 'utf8').includes('helmet'));
    expect(reaching).toEqual([]);
    expect(readFileSync('src/common/http/security-headers.ts', 'utf8')).toMatch(/^import helmet from 'helmet';$/m);
  });

  it('still yields Helmet\'s protective headers, without its CSP (ours is set per surface)', () => {
    const headers = new Map(computeSecurityHeaders().set);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.has('content-security-policy')).toBe(false);
  });
});
