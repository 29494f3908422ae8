import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/index.js';
import { LiveAdmission } from './live-admission.js';
import { LiveGateway } from './live.gateway.js';
import { LiveSessions } from './live-sessions.js';

/** The /ws live feed (served through LiveWsAdapter, set in app.factory). Session services come from AuthModule. */
@Module({
  imports: [AuthModule],
  providers: [LiveSessions, LiveAdmission, LiveGateway],
  exports: [LiveGateway],
})
export class LiveModule {}
