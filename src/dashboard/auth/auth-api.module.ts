import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';

/** /api/auth: login, logout, me. */
@Module({ controllers: [AuthController] })
export class AuthApiModule {}
