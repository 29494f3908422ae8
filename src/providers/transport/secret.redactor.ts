import { SECRET_QUERY_PARAMS } from '../../common/index.js';

const KEY_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_*-]{8,}/g, // OpenAI / Anthropic / DeepSeek style keys (also their masked echoes)
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\bxai-[A-Za-z0-9]{16,}/g,
  /\bgsk_[A-Za-z0-9]{16,}/g,
  new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&\\s"']+`, 'gi'),
  /\b(Bearer\s+)[A-Za-z0-9._~+/-]{12,}=*/gi,
];

/**
 * Remove secrets from text that may reach a client or a log: the provider's own key wherever it appears,
 * key-shaped tokens, `?key=` query values and bearer tokens.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: unknown) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]'));
  }
  return out;
}
