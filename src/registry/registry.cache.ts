import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The last good download, read at start (synchronously: the catalog exists before any other module runs). */
export function readCacheFile(path: string): { text: string; mtimeMs: number } | null {
  if (!existsSync(path)) return null;
  return { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs };
}

/** Write the whole file under a temporary name in the same folder, then rename it over the old one (atomic on POSIX). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
