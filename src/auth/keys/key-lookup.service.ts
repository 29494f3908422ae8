import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ClientPrincipal } from '../auth.types.js';
import { modelListTransformer } from '../entities/client.entity.js';
import { KeyCache } from './key-cache.js';
import { money } from '../../database/index.js';

interface LookupResult {
  principal: ClientPrincipal | null;
  keyExpiresAt: number | null;
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Resolves a key hash to a live principal: cache first, then one joined query (deduplicated while in flight). */
@Injectable()
export class KeyLookupService {
  private readonly inflight = new Map<string, { generation: number; promise: Promise<LookupResult> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: KeyCache,
  ) {}

  /** The principal for a key hash, or null when the key is unknown, revoked, expired, or its client deleted. */
  async resolve(hash: string, now = Date.now()): Promise<ClientPrincipal | null> {
    const cached = this.cache.get(hash, now);
    const entry = cached ?? (await this.load(hash));
    if (!entry.principal) return null;
    if (entry.keyExpiresAt !== null && entry.keyExpiresAt <= now) return null;
    return entry.principal;
  }

  private load(hash: string): Promise<LookupResult> {
    const generation = this.cache.generation;
    // Join a lookup already in flight only if no invalidation happened since it started.
    const pending = this.inflight.get(hash);
    if (pending && pending.generation === generation) return pending.promise;
    const promise = this.query(hash)
      .then((result) => {
        this.cache.set(hash, { ...result, cachedAt: Date.now() }, generation);
        return result;
      })
      .finally(() => {
        if (this.inflight.get(hash)?.promise === promise) this.inflight.delete(hash);
      });
    this.inflight.set(hash, { generation, promise });
    return promise;
  }

  private async query(hash: string): Promise<LookupResult> {
    const row = await this.dataSource
      .createQueryBuilder()
      .select([
        'k.id AS key_id', 'k.client_id AS client_id', 'k.expires_at AS expires_at', 'k.revoked_at AS revoked_at',
        'c.name AS client_name', 'c.allowed_models AS allowed_models', 'c.rpm AS rpm', 'c.tpm AS tpm', 'c.deleted_at AS deleted_at',
        'c.budget_limit_usd_e10 AS client_budget_usd_e10', 'k.budget_limit_usd_e10 AS key_budget_usd_e10', 'c.low_balance_usd_e10 AS low_balance_usd_e10',
      ])
      .from('client_keys', 'k')
      .innerJoin('clients', 'c', 'c.id = k.client_id')
      .where('k.key_hash = :hash', { hash })
      .getRawOne<Record<string, unknown>>();
    if (!row || row.revoked_at != null || row.deleted_at != null) return { principal: null, keyExpiresAt: null };
    return {
      keyExpiresAt: num(row.expires_at),
      principal: {
        keyId: String(row.key_id),
        clientId: String(row.client_id),
        clientName: String(row.client_name),
        allowedModels: modelListTransformer.from(row.allowed_models as string | null),
        rpm: num(row.rpm),
        tpm: num(row.tpm),
        // only when set, so a principal without them keeps its plain shape
        ...(row.client_budget_usd_e10 != null || row.key_budget_usd_e10 != null ? { budgeted: true } : {}),
        ...(row.low_balance_usd_e10 != null ? { lowBalanceE10: money(row.low_balance_usd_e10) } : {}),
      },
    };
  }
}
