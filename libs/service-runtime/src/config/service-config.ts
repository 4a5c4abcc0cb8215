import { Transform } from 'class-transformer';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;

@ValidatorConstraint({ name: 'noKeyFileInProduction' })
class NoKeyFileInProduction implements ValidatorConstraintInterface {
  validate(file: unknown, args: ValidationArguments): boolean {
    return !file || (args.object as ServiceConfig).MCP_ENVIRONMENT !== 'production';
  }

  defaultMessage(): string {
    return 'AUTH_PUBLIC_KEY_FILE must not be set when MCP_ENVIRONMENT=production: production verifies tokens only against AUTH_JWKS_URL, never a key file such as the committed development key';
  }
}

// Without a JWKS URL a service falls back to the committed development key, so production requires one.
@ValidatorConstraint({ name: 'jwksUrl' })
class JwksUrlRule implements ValidatorConstraintInterface {
  validate(url: unknown, args: ValidationArguments): boolean {
    if (url === undefined) return (args.object as ServiceConfig).MCP_ENVIRONMENT !== 'production';
    return typeof url === 'string' && /^https?:\/\/.+/.test(url);
  }

  defaultMessage(args: ValidationArguments): string {
    return args.value === undefined
      ? "AUTH_JWKS_URL must be set when MCP_ENVIRONMENT=production (the identity provider's JWKS, e.g. https://sso.example.go.id/realms/mcp/protocol/openid-connect/certs); without it the service would trust the committed development key"
      : 'AUTH_JWKS_URL must be an http(s) URL';
  }
}

// A traces file in a folder that does not exist would fail at the first export, minutes after start-up.
@ValidatorConstraint({ name: 'tracesFileFolderExists' })
class TracesFileFolderExists implements ValidatorConstraintInterface {
  validate(file: unknown): boolean {
    return typeof file === 'string' && file.length > 0 && existsSync(dirname(file));
  }

  defaultMessage(): string {
    return 'OTEL_TRACES_FILE must be a file path in an existing folder (spans are appended to it as JSON lines)';
  }
}

/** Variables every service reads; each service extends this with its own. */
export class ServiceConfig {
  /**
   * `production` refuses everything meant for a developer's machine: the committed development key
   * (tokens must be verified against AUTH_JWKS_URL) and, in the portal, development sign-in.
   */
  @IsIn(['development', 'production'])
  MCP_ENVIRONMENT: 'development' | 'production' = 'development';

  /** Defaults to the service's port in services/catalogue.json. */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number;

  @IsString()
  HOST: string = '127.0.0.1';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/mcp';

  @Transform(splitList)
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[^:]+:\d+$/, { each: true, message: 'KAFKA_BROKERS entries must be host:port' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @IsInt()
  @Min(1)
  KAFKA_PARTITIONS: number = 3;

  /** Replication of the topics a service creates at start-up (1 for the local single broker). */
  @IsInt()
  @Min(1)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /** A failing event is retried this many times before it is dead-lettered. */
  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS: number = 5;

  @IsInt()
  @Min(0)
  CONSUMER_RETRY_BACKOFF_MS: number = 200;

  /** Published outbox rows older than this are pruned (unpublished ones never are). */
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS: number = 7 * 24;

  /**
   * Inbox rows (the record of which events were applied) older than this are pruned. Must exceed
   * any redelivery window, or a late redelivery would be applied twice.
   */
  @IsInt()
  @Min(24)
  INBOX_RETENTION_HOURS: number = 30 * 24;

  /** How often each replica prunes the outbox and inbox; 0 switches pruning off. */
  @IsInt()
  @Min(0)
  MESSAGING_PRUNE_INTERVAL_MINUTES: number = 60;

  @IsString()
  AUTH_ISSUER: string = 'mcp-local';

  @IsString()
  AUTH_AUDIENCE: string = 'mcp-platform';

  /**
   * PEM public key for local/dev tokens; ignored when AUTH_JWKS_URL is set (Keycloak). Unset in
   * development means the committed dev key, which anyone can sign with: refused in production,
   * where the only source of keys is the identity provider's JWKS (docs/decisions.md #20).
   */
  @IsOptional()
  @IsString()
  @Validate(NoKeyFileInProduction)
  AUTH_PUBLIC_KEY_FILE?: string;

  /** The identity provider's keys (Keycloak); required in production, see JwksUrlRule. */
  @Validate(JwksUrlRule)
  AUTH_JWKS_URL?: string;

  /**
   * The identity provider's clients whose tokens open the APIs (the token's `azp`): a token the
   * realm issued to any other client is refused (docs/decisions.md #43). Not applied to the
   * development key, whose tokens `npm run token` makes.
   */
  @Transform(splitList)
  @ArrayNotEmpty({ message: 'AUTH_CLIENTS must list at least one client id (e.g. mcp-portal,mcp-cli)' })
  @Matches(/^[\w.:-]+$/, { each: true, message: 'AUTH_CLIENTS entries must be client ids such as mcp-portal' })
  AUTH_CLIENTS: string[] = ['mcp-portal', 'mcp-cli'];

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * OpenTelemetry's standard variable: the collector's OTLP/HTTP base URL (spans go to
   * `<url>/v1/traces`). Unset, no span leaves the process (docs/decisions.md #33).
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, e.g. http://otel-collector:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Appends finished spans to this file as JSON lines: for a developer without a collector, and for tests. */
  @IsOptional()
  @Validate(TracesFileFolderExists)
  OTEL_TRACES_FILE?: string;
}
