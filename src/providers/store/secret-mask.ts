/** Keys shorter than this show no characters at all: four of them would give away too much. */
export const MIN_LENGTH_FOR_LAST4 = 12;
export const MASK = '••••';

/** The displayable tail of a secret, or null when the secret is too short to show any of it. */
export function last4Of(secret: string): string | null {
  return secret.length >= MIN_LENGTH_FOR_LAST4 ? secret.slice(-4) : null;
}

/** How a write-only secret is shown: `••••abcd`, `••••` (short key) or null (no key). */
export function maskedSecret(hasSecret: boolean, last4: string | null): string | null {
  if (!hasSecret) return null;
  return `${MASK}${last4 ?? ''}`;
}

/** Replace every occurrence of a secret in a message meant for a user or a log line. */
export function scrubSecret(message: string, secret: string | undefined | null): string {
  if (!secret || secret.length < 4) return message;
  return message.split(secret).join(MASK);
}
