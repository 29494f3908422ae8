export { ScaleoutModule } from './scaleout.module.js';
export { ReplicaIdentity } from './replica.identity.js';
export { InvalidationBus, type InvalidationTransport } from './invalidation/invalidation.bus.js';
export { INVALIDATION_CHANNEL, parseInvalidation, type InvalidationMessage } from './invalidation/invalidation.types.js';
export { PgNotifyListener, LISTENER_APPLICATION_NAME } from './invalidation/pg-notify.listener.js';
export { LiveFeedFanout, LIVE_FEED_CHANNEL, parseRemote } from './live/live-feed.fanout.js';
export { RedisConnections, RedisModule } from './redis/index.js';
