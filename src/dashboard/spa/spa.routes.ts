import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** First path segments that belong to the server, never to the SPA: unknown paths under them stay 404s. */
export const RESERVED_SEGMENTS = new Set(['v1', 'api', 'health', 'metrics', 'docs', 'docs-json', 'docs-yaml', 'ws']);
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT = [
  '<!doctype html>',
  '<html lang="en"><head><meta charset="utf-8"><title>GopherGate</title></head>',
  '<body><h1>GopherGate</h1>',
  '<p>The gateway is running, but the dashboard is not built. Run <code>npm run build</code> (it builds <code>web/</code> into <code>dist/web</code>) and restart.</p>',
  '<p>The APIs are available: <a href="/docs">/docs</a>, <a href="/health">/health</a>.</p>',
  '</body></html>',
].join('\n');

export function isReservedPath(pathname: string): boolean {
  const first = pathname.split('/')[1] ?? '';
  return RESERVED_SEGMENTS.has(first.toLowerCase());
}

/** A request path as a file path inside `root`, or null when it is not a plain file there (or tries to leave it). */
function fileInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (!relative || relative.split(/[/\\]/).some((part) => part === '..' || part.startsWith('.'))) return null;
  const full = join(root, relative);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    return statSync(full).isFile() ? relative : null;
  } catch {
    return null;
  }
}

function looksLikeFile(pathname: string): boolean {
  const last = pathname.split('/').pop() ?? '';
  return pathname.startsWith('/assets/') || /\.[A-Za-z0-9]{1,8}$/.test(last);
}

/**
 * Serve the built dashboard from `root`: hashed assets with a year-long immutable cache, index.html revalidated
 * every time, and index.html for any other GET outside the server's own prefixes (client-side routes). Without a
 * build, `/` and those paths answer a short page saying how to build it. Checked per request, so building while
 * the server runs needs no restart.
 */
export async function registerSpa(fastify: FastifyInstance, root: string): Promise<void> {
  await fastify.register(async (instance) => {
    await instance.register(fastifyStatic, {
      root,
      serve: false,
      cacheControl: false,
      dotfiles: 'deny',
      index: false,
      setHeaders: (reply: FastifyReply, path: string) => {
        reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : REVALIDATE);
      },
    });

    const serve = (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0];
      if (isReservedPath(pathname)) return reply.callNotFound();
      const indexFile = join(root, 'index.html');
      if (!existsSync(indexFile)) {
        return reply.code(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
      }
      const file = pathname === '/' ? null : fileInside(root, pathname);
      if (file) return reply.sendFile(file);
      if (looksLikeFile(pathname)) return reply.callNotFound();
      return reply.sendFile('index.html');
    };
    instance.get('/', serve);
    instance.get('/*', serve);
  });
}
