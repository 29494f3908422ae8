import { Injectable } from '@nestjs/common';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword, type ScryptCost } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';

/** Password hashing at the configured scrypt cost (OWASP's minimum, N=2^17, r=8, p=1, unless lowered for tests). */
@Injectable()
export class PasswordHasher {
  readonly cost: ScryptCost;
  private readonly dummy: string;

  constructor(config: AppConfig) {
    this.cost = { logN: config.runtime.password_scrypt_log_n, r: 8, p: 1 };
    this.dummy = dummyPasswordHash(this.cost);
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.cost);
  }

  /** Checks against the stored hash, or (no user) against a dummy at the current cost: the same work either way. */
  verify(password: string, stored: string | null | undefined): Promise<boolean> {
    return verifyPassword(password, stored ?? this.dummy, this.cost);
  }

  /** Made below the current cost: rehash on the next successful sign-in. */
  outdated(stored: string): boolean {
    return needsRehash(stored, this.cost);
  }
}
