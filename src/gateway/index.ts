export { GatewayModule } from './gateway.module.js';
export { GatewayRouter, type Candidate, type RoutePlan } from './routing/gateway.router.js';
