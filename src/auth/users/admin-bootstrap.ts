import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBase62 } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { UsersService } from './users.service.js';

/**
 * Creates the first admin when the users table is empty: GOPHERGATE_ADMIN_USER / GOPHERGATE_ADMIN_PASSWORD,
 * else user "admin" with a random password that is logged once (and never again).
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstAdmin();
  }

  /** Returns true when it created the admin. */
  async ensureFirstAdmin(): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    const username = this.config.runtime.admin_user?.trim() || 'admin';
    const configured = this.config.runtime.admin_password;
    const password = configured ?? randomBase62(24);
    try {
      await this.users.create({ username, password, role: 'admin' });
    } catch (err) {
      // Another replica created it first.
      if ((await this.users.count()) > 0) return false;
      throw err;
    }
    if (configured) {
      this.logger.log({ username }, 'created the first admin user from GOPHERGATE_ADMIN_USER / GOPHERGATE_ADMIN_PASSWORD');
    } else {
      // Shown once: the only place this password ever appears. (A field named "password" would be redacted.)
      this.logger.warn(
        { username, shown_once: true },
        `created the first admin user "${username}" with the generated password ${password} (shown once, never logged again): sign in and change it, or set GOPHERGATE_ADMIN_PASSWORD before the first start`,
      );
    }
    return true;
  }
}
