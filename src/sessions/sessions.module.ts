import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionEntity } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { SessionsCleanupJob } from './sessions-cleanup.job.js';

@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity])],
  providers: [SessionsService, SessionsCleanupJob],
  exports: [SessionsService, SessionsCleanupJob],
})
export class SessionsModule {}
