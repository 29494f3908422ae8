import { createHash } from 'node:crypto';

/** A per-minute counter over a sliding window (the previous fixed minute weighted by how much of it still overlaps). */
class MinuteWindow {
  private minute = 0;
  private current = 0;
  private previous = 0;

  private roll(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute === this.minute) return;
    this.previous = minute === this.minute + 1 ? this.current : 0;
    this.current = 0;
    this.minute = minute;
  }

  add(n: number, now: number): void {
    this.roll(now);
    this.current += n;
  }

  value(now: number): number {
    this.roll(now);
    const overlap = 1 - (now % 60_000) / 60_000;
    return this.current + this.previous * overlap;
  }
}

/** The settings of one key (config `api_keys`, or the provider's single `api_key`). */
export interface ProviderKeySettings {
  key?: string;
  weight?: number;
  rpm?: number;
  tpm?: number;
}

/**
 * One API key of a provider: its identity (stable across replicas, never the secret), its share (weight) and the
 * provider-side limits the gateway keeps under (requests and tokens in the last minute, counted on this replica).
 */
export class ProviderKey {
  /** A digest of the provider and the key: the same on every replica with the same config, useless to an attacker. */
  readonly id: string;
  readonly weight: number;
  readonly rpm: number | undefined;
  readonly tpm: number | undefined;
  private readonly requests = new MinuteWindow();
  private readonly tokens = new MinuteWindow();

  constructor(
    provider: string,
    /** `key1`, `key2`… in configured order: the label for metrics, logs and the dashboard. */
    readonly label: string,
    readonly secret: string | undefined,
    settings: ProviderKeySettings = {},
  ) {
    this.id = secret ? createHash('sha256').update(`${provider}\0${secret}`).digest('hex').slice(0, 16) : `${label}-keyless`;
    this.weight = settings.weight ?? 1;
    this.rpm = settings.rpm;
    this.tpm = settings.tpm;
  }

  /** `••••abcd` for display (nothing of a short key). */
  get masked(): string {
    return this.secret && this.secret.length >= 12 ? `••••${this.secret.slice(-4)}` : '••••';
  }

  /** Would one more request stay under this key's rpm and tpm? */
  hasRoom(now = Date.now()): boolean {
    if (this.rpm !== undefined && this.requests.value(now) + 1 > this.rpm) return false;
    if (this.tpm !== undefined && this.tokens.value(now) >= this.tpm) return false;
    return true;
  }

  /** Milliseconds until the oldest counted minute has slid out enough for one more request (0 with room now). */
  roomInMs(now = Date.now()): number {
    return this.hasRoom(now) ? 0 : 60_000 - (now % 60_000);
  }

  countRequest(now = Date.now()): void {
    this.requests.add(1, now);
  }

  countTokens(tokens: number, now = Date.now()): void {
    if (tokens > 0) this.tokens.add(tokens, now);
  }

  usage(now = Date.now()): { rpm: number; tpm: number } {
    return { rpm: Math.round(this.requests.value(now)), tpm: Math.round(this.tokens.value(now)) };
  }
}
