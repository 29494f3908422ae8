import { Module } from '@nestjs/common';
import { SessionsController } from './sessions.controller.js';

/** /api/sessions. */
@Module({ controllers: [SessionsController] })
export class SessionsApiModule {}
