import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Not, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { SessionsService } from '../../sessions/index.js';
import { UserEntity, type Role } from '../entities/user.entity.js';
import { AdminLock } from './admin-lock.js';
import { isUniqueViolation } from '../../database/index.js';
import { PasswordHasher } from './password-hasher.js';

export interface UserView {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface UserChanges {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: Boolean(user.disabled),
    created_at: new Date(user.created_at).toISOString(),
    updated_at: new Date(user.updated_at).toISOString(),
  };
}

const LAST_ADMIN_MESSAGE = 'At least one enabled admin must remain: create or enable another admin first.';

/** Dashboard users. An operation that would leave no enabled admin is refused with 409. */
@Injectable()
export class UsersService {
  private readonly adminLock: AdminLock;

  constructor(
    @InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>,
    @InjectDataSource() dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
  ) {
    this.adminLock = new AdminLock(dataSource);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { username } });
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  async list(): Promise<UserView[]> {
    const users = await this.repo.find({ order: { created_at: 'ASC', username: 'ASC' } });
    return users.map(toUserView);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundException(`User ${id} does not exist.`);
    return toUserView(user);
  }

  async create(input: { username: string; password: string; role: Role }, now = Date.now()): Promise<UserView> {
    if (await this.findByUsername(input.username)) throw new ConflictException(`The username "${input.username}" is taken.`);
    const user = this.repo.create({
      id: randomUUID(),
      username: input.username,
      password_hash: await this.passwords.hash(input.password),
      role: input.role,
      disabled: false,
      created_at: now,
      updated_at: now,
    });
    try {
      await this.repo.insert(user);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException(`The username "${input.username}" is taken.`);
      throw err;
    }
    return toUserView(user);
  }

  /** Change role, disabled flag or password. Disabling or a new password signs the user out (except `currentSessionId`). */
  async update(id: string, changes: UserChanges, currentSessionId?: string): Promise<UserView> {
    if (changes.role === undefined && changes.disabled === undefined && changes.password === undefined) {
      throw new BadRequestException('Nothing to change: send role, disabled or password.');
    }
    const passwordHash = changes.password === undefined ? undefined : await this.passwords.hash(changes.password);
    const user = await this.adminLock.run(async (manager) => {
      const repo = manager.getRepository(UserEntity);
      const existing = await repo.findOne({ where: { id } });
      if (!existing) throw new NotFoundException(`User ${id} does not exist.`);
      const losesAdmin = existing.role === 'admin' && !existing.disabled
        && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
      if (losesAdmin && (await this.otherEnabledAdmins(manager, id)) === 0) throw new ConflictException(LAST_ADMIN_MESSAGE);
      const patch: Partial<UserEntity> = { updated_at: Date.now() };
      if (changes.role !== undefined) patch.role = changes.role;
      if (changes.disabled !== undefined) patch.disabled = changes.disabled;
      if (passwordHash !== undefined) patch.password_hash = passwordHash;
      await repo.update({ id }, patch);
      return { ...existing, ...patch } as UserEntity;
    });
    if (changes.disabled === true) await this.sessions.revokeAllForUser(id);
    else if (passwordHash !== undefined) await this.sessions.revokeAllForUser(id, currentSessionId);
    return toUserView(user);
  }

  /**
   * Store a stronger hash of the same password (after a successful sign-in). Only when the stored hash is still
   * `previous`, so a password changed meanwhile wins; sessions and updated_at are untouched.
   */
  async replacePasswordHash(id: string, previous: string, next: string): Promise<boolean> {
    const result = await this.repo.update({ id, password_hash: previous }, { password_hash: next });
    return (result.affected ?? 0) > 0;
  }

  async remove(id: string): Promise<void> {
    await this.adminLock.run(async (manager) => {
      const repo = manager.getRepository(UserEntity);
      const existing = await repo.findOne({ where: { id } });
      if (!existing) throw new NotFoundException(`User ${id} does not exist.`);
      if (existing.role === 'admin' && !existing.disabled && (await this.otherEnabledAdmins(manager, id)) === 0) {
        throw new ConflictException(LAST_ADMIN_MESSAGE);
      }
      await repo.delete({ id });
    });
    // Sessions go with the user (foreign key cascade); delete them explicitly too in case FKs are off.
    await this.sessions.revokeAllForUser(id);
  }

  private otherEnabledAdmins(manager: EntityManager, exceptId: string): Promise<number> {
    return manager.getRepository(UserEntity).count({ where: { role: 'admin', disabled: false, id: Not(exceptId) } });
  }
}
