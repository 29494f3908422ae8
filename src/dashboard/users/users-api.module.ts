import { Module } from '@nestjs/common';
import { UsersController } from './users.controller.js';

/** /api/users. */
@Module({ controllers: [UsersController] })
export class UsersApiModule {}
