import { ApiProperty } from '@nestjs/swagger';

export class RoutingKeyDto {
  @ApiProperty({ example: 'key1', description: 'the key\'s place in the provider\'s api_keys (never the key)' }) label: string;
  @ApiProperty({ example: '••••abcd' }) masked: string;
  @ApiProperty() weight: number;
  @ApiProperty({ enum: ['available', 'cooling', 'revoked', 'at_limit'] }) state: string;
  @ApiProperty({ description: 'milliseconds until the key is back (0: available)' }) cooling_ms: number;
  @ApiProperty({ nullable: true, type: Number }) rpm_limit: number | null;
  @ApiProperty({ nullable: true, type: Number }) tpm_limit: number | null;
  @ApiProperty({ description: 'requests in the last minute on this replica' }) rpm: number;
  @ApiProperty({ description: 'tokens in the last minute on this replica' }) tpm: number;
  @ApiProperty({ description: 'answers served with this key since start (this replica)' }) served: number;
  @ApiProperty({ description: 'share of the deployment\'s answers, 0..1' }) share: number;
}

export class RoutingDeploymentDto {
  @ApiProperty() provider: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: ['closed', 'open', 'half_open', 'cooling', 'disabled'] }) state: string;
  @ApiProperty({ description: 'milliseconds until the deployment is out of cooldown (0: available)' }) cooling_ms: number;
  @ApiProperty() in_flight: number;
  @ApiProperty({ nullable: true, type: Number, description: 'moving average of time to first byte, ms' }) latency_ms: number | null;
  @ApiProperty() served: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'share of all answers served, 0..1 (this replica, since start)' }) share: number;
  @ApiProperty({ type: [RoutingKeyDto] }) keys: RoutingKeyDto[];
}

export class RoutingRuleDto {
  @ApiProperty() match: string;
  @ApiProperty({ enum: ['ordered', 'weighted', 'least_busy', 'lowest_latency'] }) strategy: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { provider: { type: 'string' }, weight: { type: 'number' } } } }) targets: Array<{ provider: string; weight: number }>;
  @ApiProperty({ type: [String] }) fallback: string[];
}

export class RoutingStatusDto {
  @ApiProperty({ type: [RoutingDeploymentDto] }) deployments: RoutingDeploymentDto[];
  @ApiProperty({ type: [RoutingRuleDto] }) rules: RoutingRuleDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { fast: 'gpt-4o-mini' } }) aliases: Record<string, string>;
}
