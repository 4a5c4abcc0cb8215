import { ServiceConfig } from '@mcp/service-runtime';

/** The reporting service reads only the shared variables (libs/service-runtime ServiceConfig). */
export class ReportingConfig extends ServiceConfig {}
