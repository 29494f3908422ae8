import { Injectable } from '@nestjs/common';

/** Whether the process is draining (SIGTERM received): readiness answers 503 and new work is refused. */
@Injectable()
export class DrainState {
  private draining = false;
  private readonly listeners = new Set<() => void>();

  get isDraining(): boolean {
    return this.draining;
  }

  begin(): void {
    if (this.draining) return;
    this.draining = true;
    for (const listener of this.listeners) listener();
  }

  onDrain(listener: () => void): void {
    this.listeners.add(listener);
  }
}
