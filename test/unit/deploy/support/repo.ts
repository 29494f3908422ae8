import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Paths and file readers shared by the deploy tests. */
export const REPO = new URL('../../../../', import.meta.url).pathname.replace(/\/$/, '');
export const DOCKER = join(REPO, 'docker');
export const K8S = join(DOCKER, 'k8s');

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO, path), 'utf8');
}

export function repoPathExists(path: string): boolean {
  return existsSync(join(REPO, path));
}

/** Every YAML file under a folder, as paths relative to the repository root. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name)) out.push(relative(REPO, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** All documents of a (multi-document) YAML file; throws on any parse error or warning. */
export function parseYamlDocuments(path: string): Array<Record<string, unknown>> {
  const docs = parseAllDocuments(readRepoFile(path), { prettyErrors: true, uniqueKeys: true, merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Array<Record<string, unknown>> = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    if (doc.warnings.length > 0) throw new Error(`${path}: ${doc.warnings.map((e) => e.message).join('; ')}`);
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue;
    out.push(value as Record<string, unknown>);
  }
  return out;
}

/** .dockerignore semantics enough for this repo: `**`, `*`, `?`, a pattern also excludes everything below it, `!` re-includes. */
export function dockerIgnore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { negate, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (path: string) => {
    let excluded = false;
    for (const rule of rules) if (rule.regex.test(path)) excluded = !rule.negate;
    return excluded;
  };
}
