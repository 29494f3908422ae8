import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { usdToMoney } from '../../common/index.js';
import { BudgetService, LedgerService, type BudgetInput } from '../../billing/index.js';
import { ClientEntity } from '../entities/client.entity.js';
import { ClientKeyEntity } from '../entities/client-key.entity.js';
import { KeyCache } from '../keys/key-cache.js';
import { newClientKey } from '../keys/key-format.js';
import { toClientKeyView, toClientView, type ClientKeyView, type ClientView, type NewClientKeyView } from './clients.views.js';

export interface ClientInput {
  name?: string;
  credit_usd?: number | null;
  allowed_models?: string[] | null;
  rpm?: number | null;
  tpm?: number | null;
  /** null clears the budget */
  budget?: BudgetInput | null;
  low_balance_usd?: number | null;
}

/** An empty allowlist means "no restriction", like null (what a cleared form sends). */
function normalizeModels(models: string[] | null | undefined): string[] | null | undefined {
  if (models === undefined) return undefined;
  if (models === null) return null;
  const unique = [...new Set(models.map((m) => m.trim()).filter(Boolean))];
  return unique.length ? unique : null;
}

/**
 * Clients and their keys. A client change or delete, and a key revoke, drop the affected ApiKeyGuard
 * cache entries at once. Balances belong to billing: credit at creation goes through the ledger.
 */
@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    @InjectRepository(ClientKeyEntity) private readonly keys: Repository<ClientKeyEntity>,
    private readonly keyCache: KeyCache,
    private readonly ledger: LedgerService,
    private readonly budgets: BudgetService,
  ) {}

  async list(): Promise<ClientView[]> {
    const rows = await this.clients.find({ where: { deleted_at: IsNull() }, order: { created_at: 'ASC', name: 'ASC' } });
    return Promise.all(rows.map((row) => this.clientView(row)));
  }

  async get(id: string): Promise<ClientView> {
    return this.clientView(await this.live(id));
  }

  /** The view, with `budget` only when there is one (and `low_balance_usd` only when set). */
  private async clientView(row: ClientEntity): Promise<ClientView> {
    const budget = await this.budgets.view(row.id, row);
    return { ...toClientView(row), ...(budget ? { budget } : {}) };
  }

  private async keyView(row: ClientKeyEntity): Promise<ClientKeyView> {
    const budget = await this.budgets.view(row.id, row);
    return { ...toClientKeyView(row), ...(budget ? { budget } : {}) };
  }

  /** The live (not deleted) client entity, or 404. */
  async live(id: string): Promise<ClientEntity> {
    const client = await this.clients.findOne({ where: { id, deleted_at: IsNull() } });
    if (!client) throw new NotFoundException(`Client ${id} does not exist.`);
    return client;
  }

  async create(input: ClientInput & { name: string }, now = Date.now()): Promise<ClientView> {
    const credit = input.credit_usd ? usdToMoney(input.credit_usd) : 0n;
    const client = this.clients.create({
      id: randomUUID(),
      name: input.name,
      allowed_models: normalizeModels(input.allowed_models) ?? null,
      rpm: input.rpm ?? null,
      tpm: input.tpm ?? null,
      balance_usd_e10: 0n,
      reserved_usd_e10: 0n,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      ...(input.budget !== undefined ? this.budgets.columnsFor(input.budget) : {}),
      low_balance_usd_e10: input.low_balance_usd === undefined || input.low_balance_usd === null ? null : usdToMoney(input.low_balance_usd),
    });
    await this.clients.insert(client);
    if (credit > 0n) {
      try {
        await this.ledger.addEntry(client.id, credit, 'initial', 'initial credit');
      } catch (err) {
        // No half-created client: it has no keys and no other entries yet.
        await this.clients.delete({ id: client.id }).catch(() => undefined);
        throw err;
      }
    }
    return this.get(client.id);
  }

  async update(id: string, input: ClientInput): Promise<ClientView> {
    const patch: Partial<ClientEntity> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.allowed_models !== undefined) patch.allowed_models = normalizeModels(input.allowed_models) ?? null;
    if (input.rpm !== undefined) patch.rpm = input.rpm;
    if (input.tpm !== undefined) patch.tpm = input.tpm;
    if (input.budget !== undefined) Object.assign(patch, this.budgets.columnsFor(input.budget));
    if (input.low_balance_usd !== undefined) patch.low_balance_usd_e10 = input.low_balance_usd === null ? null : usdToMoney(input.low_balance_usd);
    if (Object.keys(patch).length === 0) throw new BadRequestException('Nothing to change: send name, allowed_models, rpm, tpm, budget or low_balance_usd.');
    patch.updated_at = Date.now();
    const result = await this.clients.update({ id, deleted_at: IsNull() }, patch);
    this.keyCache.invalidateClient(id);
    if (!result.affected) throw new NotFoundException(`Client ${id} does not exist.`);
    return this.get(id);
  }

  /** Soft delete: the client disappears and its keys are revoked; its ledger stays. */
  async remove(id: string, now = Date.now()): Promise<void> {
    await this.live(id);
    // Keys first, so a crash in between never leaves a deleted client with live keys (the guard checks both anyway).
    await this.keys.update({ client_id: id, revoked_at: IsNull() }, { revoked_at: now });
    const result = await this.clients.update({ id, deleted_at: IsNull() }, { deleted_at: now, updated_at: now });
    this.keyCache.invalidateClient(id);
    if (!result.affected) throw new NotFoundException(`Client ${id} does not exist.`);
  }

  async listKeys(clientId: string): Promise<ClientKeyView[]> {
    await this.live(clientId);
    const rows = await this.keys.find({ where: { client_id: clientId }, order: { created_at: 'DESC' } });
    return Promise.all(rows.map((row) => this.keyView(row)));
  }

  /** A new key; the full key is in this answer only (the database keeps its sha-256 and a display prefix). */
  async createKey(clientId: string, input: { name?: string | null; expires_at?: string | null; budget?: BudgetInput | null }, now = Date.now()): Promise<NewClientKeyView> {
    await this.live(clientId);
    let expiresAt: number | null = null;
    if (input.expires_at) {
      expiresAt = Date.parse(input.expires_at);
      if (!Number.isFinite(expiresAt)) throw new BadRequestException(['expires_at must be an ISO 8601 date-time']);
      if (expiresAt <= now) throw new BadRequestException(['expires_at must be in the future']);
    }
    const { key, hash, prefix } = newClientKey();
    const row = this.keys.create({
      id: randomUUID(),
      client_id: clientId,
      name: input.name?.trim() || null,
      key_hash: hash,
      prefix,
      created_at: now,
      expires_at: expiresAt,
      revoked_at: null,
      last_used_at: null,
      ...this.budgets.columnsFor(input.budget ?? null),
    });
    await this.keys.insert(row);
    const view = await this.keyView(row);
    return { id: view.id, key, prefix: view.prefix, name: view.name, created_at: view.created_at, expires_at: view.expires_at, ...(view.budget ? { budget: view.budget } : {}) };
  }

  /** Rename a key or set/clear its budget (the guard cache is dropped so the next request sees it). */
  async updateKey(clientId: string, keyId: string, input: { name?: string | null; budget?: BudgetInput | null }): Promise<ClientKeyView> {
    await this.live(clientId);
    const patch: Partial<ClientKeyEntity> = {};
    if (input.name !== undefined) patch.name = input.name?.trim() || null;
    if (input.budget !== undefined) Object.assign(patch, this.budgets.columnsFor(input.budget));
    if (Object.keys(patch).length === 0) throw new BadRequestException('Nothing to change: send name or budget.');
    const result = await this.keys.update({ id: keyId, client_id: clientId }, patch);
    this.keyCache.invalidateKey(keyId);
    if (!result.affected) throw new NotFoundException(`Key ${keyId} does not exist for client ${clientId}.`);
    const row = await this.keys.findOne({ where: { id: keyId, client_id: clientId } });
    if (!row) throw new NotFoundException(`Key ${keyId} does not exist for client ${clientId}.`);
    return this.keyView(row);
  }

  /** Revoke at once (the guard cache is dropped). 404 when the key does not exist for this client; revoking twice is fine. */
  async revokeKey(clientId: string, keyId: string, now = Date.now()): Promise<void> {
    await this.live(clientId);
    const key = await this.keys.findOne({ where: { id: keyId, client_id: clientId } });
    if (!key) throw new NotFoundException(`Key ${keyId} does not exist for client ${clientId}.`);
    if (key.revoked_at === null) await this.keys.update({ id: keyId, revoked_at: IsNull() }, { revoked_at: now });
    this.keyCache.invalidateKey(keyId);
  }
}
