import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { maxMoney, type Money } from '../../common/index.js';
import { SqlTransactions, sql } from '../../database/index.js';
import { BillingInstance } from '../instance/billing-instance.js';
import { AdmissionJournal, type HoldKeeper } from './admission.journal.js';
import { LEASE_END, LEASE_GIVE_BACK, LEASES_END_OF_INSTANCE, LEASE_TAKE } from './lease.sql.js';

/** A lease is this many times the worst case of the request that asked for it … */
const LEASE_MULTIPLE = 8n;
/** … and at least this much ($0.10): below it a lease would be renewed all the time, and a client that low on credit is
 * better served by the exact, awaited admission. */
export const LEASE_FLOOR: Money = 1_000_000_000n;
/** The lease row's expires_at: the owner returns a lease unused for this long (and a dead owner's is reclaimed). */
export const LEASE_TTL_MS = 60_000;
const TEND_EVERY_MS = 15_000;
/** After a refused take, how long requests go the awaited way before one asks for a lease again. */
const RETRY_TAKE_AFTER_MS = 5_000;

interface Lease {
  /** What the lease row holds, as far as this process's committed statements say. */
  amount: Money;
  /** Holds granted from it whose journal has not committed (still inside `amount` in the database). */
  pending: Money;
  /** The size it is renewed back to. */
  target: Money;
  taking: Promise<void> | null;
  usedAt: number;
  /** When a take was last refused (too little free credit); 0: never. */
  deniedAt: number;
  /** No more admissions from it: it is being returned, or the database refused what memory granted. */
  closed: boolean;
}

/**
 * PostgreSQL mode's in-memory admission: each replica holds, per client, a *credit lease* — a slice of the client's free
 * balance moved into clients.reserved_usd_e10 and a credit_leases row in one statement — and admits against it
 * synchronously (`amount − pending ≥ worst case`), so a warm request makes no round trip before its provider call. The
 * admission's journal later moves its amount from the lease row to its reservation row (AdmissionJournal).
 *
 * Taken and renewed in the background (a request the lease cannot cover is admitted the awaited way and asks for one);
 * returned when idle, at shutdown, and reclaimed by crash reconciliation when the owner dies. Total held ≤ balance:
 * every lease is taken by a conditional statement against the database's own `balance − reserved`, and every hold
 * granted from a lease stays inside the lease row until its journal moves it. See src/billing/README.md.
 */
@Injectable()
export class CreditLeases implements HoldKeeper, OnModuleInit, BeforeApplicationShutdown {
  readonly enabled: boolean;
  private readonly logger = new Logger('CreditLeases');
  private readonly leases = new Map<string, Lease>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly sqlTx: SqlTransactions, private readonly instance: BillingInstance, private readonly journal: AdmissionJournal) {
    this.enabled = sqlTx.dialect === 'postgres';
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => void this.tend(), TEND_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Grant `amount` from this client's lease when it covers it (synchronous: no await between check and take). When it
   * does not, false, and a lease sized for such requests is asked for in the background.
   */
  tryHold(clientId: string, amount: Money): boolean {
    const lease = this.leases.get(clientId);
    const target = maxMoney(amount * LEASE_MULTIPLE, LEASE_FLOOR);
    if (!lease || lease.closed || lease.amount - lease.pending < amount) {
      if (!this.stopped && (!lease || !lease.closed)) this.grow(clientId, target);
      return false;
    }
    lease.pending += amount;
    lease.usedAt = Date.now();
    if (target > lease.target) lease.target = target;
    if (lease.amount - lease.pending < lease.target / 2n) this.grow(clientId, lease.target);
    return true;
  }

  journaled(clientId: string, amount: Money): void {
    const lease = this.leases.get(clientId);
    if (!lease) return;
    lease.amount -= amount;
    lease.pending -= amount;
    this.dropIfDone(clientId, lease);
  }

  unhold(clientId: string, amount: Money): void {
    const lease = this.leases.get(clientId);
    if (!lease) return;
    lease.pending -= amount;
    this.dropIfDone(clientId, lease);
  }

  /** The database refused what the lease granted (the row was reclaimed or changed): stop using it. */
  invalidate(clientId: string): void {
    const lease = this.leases.get(clientId);
    if (!lease) return;
    lease.closed = true;
    this.dropIfDone(clientId, lease);
  }

  /**
   * Give this client's unspent lease back to its free balance now (an awaited admission found too little free credit,
   * or a correction needs it). True when something went back.
   */
  async giveBack(clientId: string): Promise<boolean> {
    const lease = this.leases.get(clientId);
    if (!lease) return false;
    await lease.taking;
    const spare = lease.amount - lease.pending;
    if (spare <= 0n) return false;
    lease.pending += spare; // nobody may be granted it while it goes back
    try {
      const rows = await this.sqlTx.atomic(sql(LEASE_GIVE_BACK, clientId, this.instance.id, spare, Date.now()));
      if (rows.length === 0) {
        lease.closed = true; // the row no longer holds what memory says
        return false;
      }
      lease.amount -= spare;
      return true;
    } finally {
      lease.pending -= spare;
      this.dropIfDone(clientId, lease);
    }
  }

  /** A clean stop: journals first (they move amounts out of the leases), then every lease of this instance goes back. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.enabled) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.journal.beforeApplicationShutdown();
    await Promise.allSettled([...this.leases.values()].map((l) => l.taking));
    for (const lease of this.leases.values()) lease.closed = true;
    try {
      await this.sqlTx.atomic(sql(LEASES_END_OF_INSTANCE, this.instance.id));
      this.leases.clear();
    } catch (err) {
      this.logger.warn({ err }, 'could not return the credit leases; the next reconciliation reclaims them');
    }
  }

  /** Take, or top up to `target`, this client's lease, in the background (one at a time per client). */
  private grow(clientId: string, target: Money): void {
    let lease = this.leases.get(clientId);
    if (!lease) {
      lease = { amount: 0n, pending: 0n, target, taking: null, usedAt: Date.now(), deniedAt: 0, closed: false };
      this.leases.set(clientId, lease);
    }
    if (lease.taking || lease.closed) return;
    const want = target - (lease.amount - lease.pending);
    const now = Date.now();
    if (want <= 0n || now - lease.deniedAt < RETRY_TAKE_AFTER_MS) return;
    const taken = lease;
    taken.taking = this.sqlTx
      .atomic(sql(LEASE_TAKE, clientId, this.instance.id, want, now + LEASE_TTL_MS, now))
      .then((rows) => {
        // not granted (too little free credit): requests go the awaited way until a later one asks again
        if (rows.length > 0) taken.amount += want;
        else taken.deniedAt = Date.now();
      })
      .catch((err: unknown) => this.logger.warn({ err, client_id: clientId }, 'could not take a credit lease'))
      .finally(() => {
        taken.taking = null;
        this.dropIfDone(clientId, taken);
      });
  }

  /** Return leases nobody used for LEASE_TTL_MS: the credit goes back to what every replica can admit against. */
  private async tend(): Promise<void> {
    const idleSince = Date.now() - LEASE_TTL_MS;
    for (const [clientId, lease] of this.leases) {
      if (lease.closed || lease.taking || lease.pending > 0n || lease.usedAt > idleSince) continue;
      lease.closed = true;
      try {
        await this.sqlTx.atomic(sql(LEASE_END, clientId, this.instance.id));
        this.leases.delete(clientId);
      } catch (err) {
        lease.closed = false;
        this.logger.warn({ err, client_id: clientId }, 'could not return an idle credit lease');
      }
    }
  }

  private dropIfDone(clientId: string, lease: Lease): void {
    // a lease memory no longer trusts is forgotten once nothing depends on it; its row (whatever it still holds) is
    // returned whole at shutdown or reclaimed after a crash, and a new lease adds to it meanwhile
    if (lease.closed && lease.pending === 0n && !lease.taking && this.leases.get(clientId) === lease && !this.stopped) this.leases.delete(clientId);
  }
}
