import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway.js';
import { LiveSessions } from './live-sessions.js';

/** The /ws live feed. Session services come from the global AuthModule. */
@Module({
  providers: [LiveSessions, LiveGateway],
  exports: [LiveGateway],
})
export class LiveModule {}
