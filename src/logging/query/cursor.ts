/** Opaque keyset cursor over (created_at, request_id), newest first. */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

/** Returns null for anything that is not a cursor this server produced (the caller answers 400). */
export function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  if (cursor.length > 400 || !/^[A-Za-z0-9_-]+={0,2}$/.test(cursor)) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as [unknown, unknown];
    if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || typeof id !== 'string' || id.length > 128) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}
