export { GatewayModule } from './gateway.module.js';
export { GatewayRouter, type Candidate, type RoutePlan } from './planning/gateway.router.js';
export { V1_SCHEMAS } from './openapi/v1.schemas.js';
