import { ServiceConfig } from '@mcp/service-runtime';
import { IsInt, Max, Min } from 'class-validator';

export class NotificationConfig extends ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3004;
}
