// Unit specs mirror src/: a spec sits at the path of the file (or folder) it tests, so its folder exists under src/.
// Support files live in `support/` folders beside the specs they serve (or in test/support/ when shared).
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = process.cwd();
const UNIT = join(ROOT, 'test', 'unit');

/** Unit folders that test the repository rather than one module of src/. */
const CROSS_CUTTING = new Set([
  'deploy', // the Dockerfile, compose file, Kubernetes manifests and Grafana dashboard
  'lint', // ESLint's import rules and this layout
  'perf', // the hot path's parts across modules
]);

function specFolders(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'support') continue;
    const path = join(dir, entry.name);
    if (readdirSync(path).some((f) => f.endsWith('.spec.ts'))) found.push(relative(UNIT, path));
    found.push(...specFolders(path));
  }
  return found;
}

describe('unit specs mirror src/', () => {
  it('every folder holding unit specs has a counterpart under src/ (or is a listed cross-cutting one)', () => {
    const folders = specFolders(UNIT);
    expect(folders.length).toBeGreaterThan(10);
    const orphans = folders.filter((f) => !CROSS_CUTTING.has(f.split('/')[0]) && !existsSync(join(ROOT, 'src', f)));
    expect(orphans).toEqual([]);
  });

  it('every test file that is not a spec is a support file in a support/ folder (one convention for helpers)', () => {
    const TEST = join(ROOT, 'test');
    const stray: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          // shared helpers (test/support), fixtures and Jest's setup files are support by where they are
          if (!['support', 'fixtures', 'setup'].includes(entry.name)) walk(path);
        } else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec|browser-spec)\.ts$/.test(entry.name)) {
          stray.push(relative(TEST, path));
        }
      }
    };
    walk(TEST);
    expect(stray).toEqual([]);
  });

  it('no spec sits at the top of test/unit', () => {
    expect(readdirSync(UNIT).filter((f) => f.endsWith('.spec.ts'))).toEqual([]);
  });
});
