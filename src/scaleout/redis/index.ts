export { RedisModule } from './redis.module.js';
export { RedisConnections } from './redis.connections.js';
