import { Module } from '@nestjs/common';
import { ClientKeysController } from './client-keys.controller.js';
import { ClientsController } from './clients.controller.js';

/** /api/clients and /api/clients/:id/keys. */
@Module({ controllers: [ClientsController, ClientKeysController] })
export class ClientsApiModule {}
