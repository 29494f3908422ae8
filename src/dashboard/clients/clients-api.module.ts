import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/index.js';
import { ClientKeysController } from './client-keys.controller.js';
import { ClientsController } from './clients.controller.js';

/** /api/clients and /api/clients/:id/keys. */
@Module({
  imports: [AuthModule],
  controllers: [ClientsController, ClientKeysController],
})
export class ClientsApiModule {}
