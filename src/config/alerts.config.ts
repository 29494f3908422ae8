import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export const ALERT_EVENT_TYPES = ['budget.threshold', 'budget.exceeded', 'credit.low', 'provider.state'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** A webhook from the config file (read-only in the admin API). `secret_env` names the variable holding its secret. */
export class AlertWebhookConfig {
  @IsString() @MaxLength(2000) @Matches(/^https?:\/\/[^\s]+$/i, { message: '$property must be an http:// or https:// URL' }) url: string;
  @IsOptional() @IsString() @MinLength(1) secret_env?: string;
  /** resolved from secret_env at load (or given inline) */
  @IsOptional() @IsString() @MinLength(1) secret?: string;
  @IsArray() @ArrayMaxSize(10) @IsIn(ALERT_EVENT_TYPES as unknown as string[], { each: true })
  events: string[] = [...ALERT_EVENT_TYPES];
}

export class AlertsConfig {
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AlertWebhookConfig) webhooks: AlertWebhookConfig[] = [];
  /** the wait before each retry of a failed delivery; the last one repeats */
  @IsArray() @ArrayMaxSize(20) @IsInt({ each: true }) @Min(0, { each: true }) @Max(86_400, { each: true })
  retry_backoff_seconds: number[] = [1, 5, 30, 120, 600];
  /** how often the delivering replica looks for due deliveries */
  @IsInt() @Min(20) @Max(60_000) poll_ms = 500;
}

/** Resolve each config webhook's `secret_env` from the environment (config is the only reader of it). */
export function resolveAlertSecrets(raw: Record<string, unknown>, env: Record<string, string | undefined>): void {
  const alerts = raw.alerts as { webhooks?: unknown } | undefined;
  if (!alerts || !Array.isArray(alerts.webhooks)) return;
  for (const hook of alerts.webhooks as Array<Record<string, unknown>>) {
    if (hook && typeof hook === 'object' && typeof hook.secret_env === 'string' && hook.secret === undefined) {
      const secret = env[hook.secret_env];
      if (secret) hook.secret = secret;
    }
  }
}
