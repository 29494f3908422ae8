import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/index.js';
import { UsersController } from './users.controller.js';

/** /api/users. */
@Module({
  imports: [AuthModule],
  controllers: [UsersController],
})
export class UsersApiModule {}
