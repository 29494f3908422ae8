import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { randomBase62 } from '../common/index.js';

/** This running instance among the replicas: `<host>:<pid>:<random>`, new at every start. Tags what it publishes. */
@Injectable()
export class ReplicaIdentity {
  readonly id = `${hostname().slice(0, 40)}:${process.pid}:${randomBase62(8)}`;
}
