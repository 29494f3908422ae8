import { Injectable } from '@nestjs/common';
import { moneyToDecimal, moneyToUsd, type Money } from '../money.js';

/** Live-feed events (contract section 4). Producers publish; the dashboard's /ws gateway (and Redis fan-out) subscribe. */
export type LiveEvent =
  | { type: 'request'; data: { request_id: string; client: string; client_id: string; model: string; provider: string | null; status: number; latency_ms: number; tokens: number; cost_usd: number; surface?: string; tags?: string[] } }
  | { type: 'provider'; data: { name: string; state: 'closed' | 'open' | 'half_open' } }
  | { type: 'credit'; data: { client_id: string; balance_usd: number; balance_usd_exact: string } }
  | { type: 'alert'; data: Record<string, unknown> };

/** A client's new balance for the live feed: the number, and its exact decimal (a balance may need more than 15 digits). */
export function creditEvent(clientId: string, balance: Money): LiveEvent {
  return { type: 'credit', data: { client_id: clientId, balance_usd: moneyToUsd(balance), balance_usd_exact: moneyToDecimal(balance) } };
}

type Listener = (event: LiveEvent) => void;

@Injectable()
export class EventBus {
  private readonly listeners = new Set<Listener>();

  publish(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a broken subscriber never breaks the publisher (the hot path)
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
