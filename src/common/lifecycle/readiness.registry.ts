import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: Record<string, unknown> }> | { ok: boolean; detail?: Record<string, unknown> };

/** Modules register what must be true before the instance takes traffic (e.g. "a model registry is loaded"). */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks.entries()];
  }
}
