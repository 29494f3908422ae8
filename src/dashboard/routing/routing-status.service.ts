import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { CooldownBoard, ProviderRegistry, TargetStats } from '../../providers/index.js';
import type { RoutingDeploymentDto, RoutingKeyDto, RoutingStatusDto } from './routing-status.dto.js';

const share = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0);

/** GET /api/routing: every deployment and key with its state, share of traffic, latency and cooldowns; the rules and aliases. */
@Injectable()
export class RoutingStatusService {
  constructor(
    private readonly config: AppConfig,
    private readonly registry: ProviderRegistry,
    private readonly cooldowns: CooldownBoard,
    private readonly stats: TargetStats,
  ) {}

  status(now = Date.now()): RoutingStatusDto {
    const byProvider = new Map(this.stats.snapshot().map((s) => [s.provider, s]));
    const total = [...byProvider.values()].reduce((n, s) => n + s.served, 0);
    const deployments: RoutingDeploymentDto[] = [];
    for (const summary of this.registry.list()) {
      const rt = this.registry.runtime(summary.name);
      const stats = byProvider.get(summary.name);
      const targetCooling = this.cooldowns.remainingMs(summary.name, '*', now);
      const keys: RoutingKeyDto[] = (rt?.keys ?? []).map((k) => {
        const cooling = this.cooldowns.remainingMs(summary.name, k.id, now);
        const reason = cooling > 0 ? this.cooldowns.reasonOf(summary.name, k.id) : null;
        const room = k.roomInMs(now);
        const served = stats?.keys[k.label] ?? 0;
        const usage = k.usage(now);
        return {
          label: k.label,
          masked: k.masked,
          weight: k.weight,
          state: reason === 'revoked' ? 'revoked' : cooling > 0 ? 'cooling' : room > 0 ? 'at_limit' : 'available',
          cooling_ms: Math.max(cooling, room),
          rpm_limit: k.rpm ?? null,
          tpm_limit: k.tpm ?? null,
          rpm: usage.rpm,
          tpm: usage.tpm,
          served,
          share: share(served, stats?.served ?? 0),
        };
      });
      const keysCooling = keys.length > 0 && keys.every((k) => k.cooling_ms > 0) ? Math.min(...keys.map((k) => k.cooling_ms)) : 0;
      const cooling = Math.max(targetCooling, keysCooling);
      deployments.push({
        provider: summary.name,
        kind: String(summary.kind),
        state: !summary.enabled ? 'disabled' : summary.state !== 'closed' ? summary.state : cooling > 0 ? 'cooling' : 'closed',
        cooling_ms: cooling,
        in_flight: stats?.inFlight ?? 0,
        latency_ms: stats?.latencyMs ?? null,
        served: stats?.served ?? 0,
        failed: stats?.failed ?? 0,
        share: share(stats?.served ?? 0, total),
        keys,
      });
    }
    const rules = this.config.routing.map((r) => ({
      match: r.match,
      strategy: r.strategy ?? 'ordered',
      targets: r.targets?.length ? r.targets.map((t) => ({ provider: t.provider, weight: t.weight })) : [{ provider: r.provider ?? '', weight: 1 }],
      fallback: [...(r.fallback ?? [])],
    }));
    return { deployments, rules, aliases: { ...(this.config.aliases ?? {}) } };
  }
}
