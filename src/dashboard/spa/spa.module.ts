import { Module } from '@nestjs/common';
import { SpaRegistrar } from './spa.registrar.js';

@Module({ providers: [SpaRegistrar] })
export class SpaModule {}
