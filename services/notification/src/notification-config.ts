import { ServiceConfig } from '@mcp/service-runtime';

/** The notification service reads only the shared variables (libs/service-runtime ServiceConfig). */
export class NotificationConfig extends ServiceConfig {}
