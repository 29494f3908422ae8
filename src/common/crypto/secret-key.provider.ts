import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { SecretBox, parseSecretKey } from './secret-box.js';

/**
 * The key that encrypts provider API keys at rest: GOPHERGATE_SECRET_KEY (32+ bytes, hex or base64), else
 * DATA_DIR/secret.key, generated once with mode 0600 (and a warning, since losing it loses the stored keys).
 */
@Injectable()
export class SecretKeyProvider {
  private readonly logger = new Logger('Secrets');
  readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(this.resolveKey(config));
  }

  private resolveKey(config: AppConfig): Buffer {
    const configured = config.runtime.secret_key;
    if (configured) {
      const parsed = parseSecretKey(configured);
      if (!parsed) throw new Error('GOPHERGATE_SECRET_KEY must be at least 32 bytes, as hex or base64');
      return parsed.length === 32 ? parsed : createHash('sha256').update(parsed).digest();
    }
    const file = join(config.runtime.data_dir, 'secret.key');
    if (existsSync(file)) {
      const parsed = parseSecretKey(readFileSync(file, 'utf8'));
      if (!parsed) throw new Error(`${file} does not hold a valid key`);
      return parsed.length === 32 ? parsed : createHash('sha256').update(parsed).digest();
    }
    mkdirSync(config.runtime.data_dir, { recursive: true });
    const key = randomBytes(32);
    writeFileSync(file, key.toString('hex'), { mode: 0o600 });
    chmodSync(file, 0o600);
    this.logger.warn({ file }, 'GOPHERGATE_SECRET_KEY is not set: generated a key file; back it up, stored provider keys cannot be read without it');
    return key;
  }
}
