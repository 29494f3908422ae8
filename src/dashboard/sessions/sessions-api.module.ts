import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/index.js';
import { SessionsController } from './sessions.controller.js';

/** /api/sessions. */
@Module({
  imports: [AuthModule],
  controllers: [SessionsController],
})
export class SessionsApiModule {}
