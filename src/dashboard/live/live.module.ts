import { Module } from '@nestjs/common';
import { LiveAdmission } from './live-admission.js';
import { LiveGateway } from './live.gateway.js';
import { LiveSessions } from './live-sessions.js';

/** The /ws live feed (served through LiveWsAdapter, set in app.factory). Session services come from the global AuthModule. */
@Module({
  providers: [LiveSessions, LiveAdmission, LiveGateway],
  exports: [LiveGateway],
})
export class LiveModule {}
