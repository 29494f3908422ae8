export interface DataUrl {
  mimeType: string;
  /** Base64 payload (percent-encoded data URLs are re-encoded). */
  data: string;
}

const DATA_URL = /^data:([^,]*?),(.*)$/s;

/** Parses `data:[<mime>][;params][;base64],<payload>`; null when `url` is not a data URL. */
export function parseDataUrl(url: string): DataUrl | null {
  const m = DATA_URL.exec(url.trim());
  if (!m) return null;
  const meta = (m[1] ?? '').split(';').map((s) => s.trim());
  const isBase64 = meta.length > 1 && meta[meta.length - 1]?.toLowerCase() === 'base64';
  const mimeType = (meta[0] || 'text/plain').toLowerCase();
  const payload = m[2] ?? '';
  if (isBase64) return { mimeType, data: payload.replace(/\s+/g, '') };
  let decoded: string;
  try {
    decoded = decodeURIComponent(payload);
  } catch {
    return null;
  }
  return { mimeType, data: Buffer.from(decoded, 'utf8').toString('base64') };
}

export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}
