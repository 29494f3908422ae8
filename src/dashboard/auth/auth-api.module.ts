import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/index.js';
import { AuthController } from './auth.controller.js';

/** /api/auth: login, logout, me. */
@Module({
  imports: [AuthModule],
  controllers: [AuthController],
})
export class AuthApiModule {}
