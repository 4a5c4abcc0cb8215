import { Transform } from 'class-transformer';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ArrayNotEmpty,
  IsBoolean,
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

/**
 * A yes/no variable as people write it: true/1/yes or false/0/no (any case), empty is no. Anything
 * else is kept as written so `@IsBoolean()` refuses it by name: `KAFKA_TLS=on` was read as false,
 * and a production service talked plaintext to a TLS listener.
 */
export const booleanFromEnv = ({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }): unknown => {
  const raw = obj[key];
  if (raw === undefined || typeof raw === 'boolean') return raw ?? value;
  const word = String(raw).trim().toLowerCase();
  if (['true', '1', 'yes'].includes(word)) return true;
  if (['false', '0', 'no', ''].includes(word)) return false;
  return raw;
};
const asBoolean = booleanFromEnv;

// The broker refuses anonymous clients and its ACLs know each service by its principal, so
// production needs one; a user name without a password (or the reverse) is a typo, not a choice.
@ValidatorConstraint({ name: 'kafkaSasl' })
class KafkaSaslRule implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const config = args.object as ServiceConfig;
    const other = args.property === 'KAFKA_SASL_USERNAME' ? config.KAFKA_SASL_PASSWORD : config.KAFKA_SASL_USERNAME;
    if (value === undefined || value === '') return other === undefined && config.MCP_ENVIRONMENT !== 'production';
    return typeof value === 'string' && other !== undefined && other !== '';
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be set, together with ${args.property === 'KAFKA_SASL_USERNAME' ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'}, when MCP_ENVIRONMENT=production or when the other is set (the service's own Kafka principal; the broker's ACLs are per principal)`;
  }
}

// PLAIN sends the password as it is: only inside TLS in production.
@ValidatorConstraint({ name: 'kafkaPlainNeedsTls' })
class KafkaPlainNeedsTls implements ValidatorConstraintInterface {
  validate(mechanism: unknown, args: ValidationArguments): boolean {
    const config = args.object as ServiceConfig;
    return mechanism !== 'plain' || config.KAFKA_TLS || config.MCP_ENVIRONMENT !== 'production';
  }

  defaultMessage(): string {
    return 'KAFKA_SASL_MECHANISM=plain sends the password in clear: it needs KAFKA_TLS=true when MCP_ENVIRONMENT=production (or use scram-sha-512)';
  }
}

// More in-sync replicas than replicas would refuse every write with acks=all.
@ValidatorConstraint({ name: 'minInsyncWithinReplication' })
class MinInsyncWithinReplication implements ValidatorConstraintInterface {
  validate(minInsync: unknown, args: ValidationArguments): boolean {
    return typeof minInsync === 'number' && minInsync <= (args.object as ServiceConfig).KAFKA_REPLICATION_FACTOR;
  }

  defaultMessage(): string {
    return 'KAFKA_MIN_INSYNC_REPLICAS must not exceed KAFKA_REPLICATION_FACTOR: no write could ever be acknowledged by all in-sync replicas';
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

// With Keycloak's JWKS and the development issuer every token is refused (401) while the service
// reports ready: production must name the issuer its identity provider writes into tokens.
@ValidatorConstraint({ name: 'issuerOfItsOwnInProduction' })
class IssuerOfItsOwnInProduction implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value !== 'mcp-local' || (args.object as ServiceConfig).MCP_ENVIRONMENT !== 'production';
  }

  defaultMessage(): string {
    return "AUTH_ISSUER must be set when MCP_ENVIRONMENT=production: the identity provider's issuer, e.g. https://sso.example.go.id/realms/mcp (mcp-local is the development tokens')";
  }
}

// The switch exists so issue 13's chaos suite can prove it fails without the classification.
@ValidatorConstraint({ name: 'noTestSwitchInProduction' })
class NoTestSwitchInProduction implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value !== true || (args.object as ServiceConfig).MCP_ENVIRONMENT !== 'production';
  }

  defaultMessage(args: ValidationArguments): string {
    return args.property === 'MCP_TEST_INBOX_DEDUP_OFF'
      ? 'MCP_TEST_INBOX_DEDUP_OFF must not be set when MCP_ENVIRONMENT=production: it applies a redelivered event twice, for tests that must see that fail'
      : 'MCP_TEST_UNCLASSIFIED_FAILURES must not be set when MCP_ENVIRONMENT=production: it dead-letters events during a database outage, for tests that must see that fail';
  }
}

// The doubling of a partition's wait must have room to double.
@ValidatorConstraint({ name: 'maxBackoffAtLeastFirst' })
class MaxBackoffAtLeastFirst implements ValidatorConstraintInterface {
  validate(max: unknown, args: ValidationArguments): boolean {
    return typeof max === 'number' && max >= (args.object as ServiceConfig).CONSUMER_TRANSIENT_BACKOFF_MS;
  }

  defaultMessage(): string {
    return 'CONSUMER_TRANSIENT_MAX_BACKOFF_MS must be at least CONSUMER_TRANSIENT_BACKOFF_MS';
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

  /**
   * Replication of the topics the provisioning step creates: 1 on the local single broker, 3 in
   * production (docs/decisions.md #75). Changing it later needs a partition reassignment.
   */
  @IsInt()
  @Min(1)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /**
   * `min.insync.replicas` of every topic: with the producers' acks=all, a write succeeds only once
   * this many replicas have it (2 of 3 in production: one broker may be down, none is lost).
   */
  @IsInt()
  @Min(1)
  @Validate(MinInsyncWithinReplication)
  KAFKA_MIN_INSYNC_REPLICAS: number = 1;

  /** The service's own Kafka principal (docs/decisions.md #57); required in production. */
  @Validate(KafkaSaslRule)
  KAFKA_SASL_USERNAME?: string;

  @Validate(KafkaSaslRule)
  KAFKA_SASL_PASSWORD?: string;

  @IsIn(['scram-sha-512', 'scram-sha-256', 'plain'])
  @Validate(KafkaPlainNeedsTls)
  KAFKA_SASL_MECHANISM: 'scram-sha-512' | 'scram-sha-256' | 'plain' = 'scram-sha-512';

  /** TLS to the brokers; the CA comes from Node's store or NODE_EXTRA_CA_CERTS. */
  @Transform(asBoolean)
  @IsBoolean()
  KAFKA_TLS: boolean = false;

  /** A failing event is retried this many times before it is dead-lettered. */
  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS: number = 5;

  @IsInt()
  @Min(0)
  CONSUMER_RETRY_BACKOFF_MS: number = 200;

  /**
   * After a transient failure (database or network away, reference data not arrived yet) the
   * partition pauses this long, doubled per failure in a row up to the maximum; such an event is
   * never dead-lettered (docs/decisions.md #60).
   */
  @IsInt()
  @Min(1)
  CONSUMER_TRANSIENT_BACKOFF_MS: number = 1000;

  @IsInt()
  @Max(60 * 60_000)
  @Validate(MaxBackoffAtLeastFirst)
  CONSUMER_TRANSIENT_MAX_BACKOFF_MS: number = 5 * 60_000;

  /**
   * After a fetch smaller than a batch, the consumer waits this long (once per fetch) before fetching
   * again, so the next transaction takes what arrived meanwhile; a backlog never waits (#108). 10 ms
   * by default since #121: on a steady host it took CPU off every decision at 100/s and the tails
   * with it. 0 fetches again at once.
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  CONSUMER_LINGER_MS: number = 10;

  /**
   * A consumer commits its offsets at most this often, not after every fetch; the inbox skips what
   * a restart reads again. 0 commits after every batch, as before docs/decisions.md #111.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  CONSUMER_COMMIT_INTERVAL_MS: number = 1000;

  /**
   * The slices several partitions of one topic hand over at the same moment are handled in one
   * inbox transaction, not one each (docs/decisions.md #116). false handles each partition's slice
   * alone, as before.
   */
  @Transform(asBoolean)
  @IsBoolean()
  CONSUMER_MERGE_PARTITIONS: boolean = true;

  /**
   * With CONSUMER_MERGE_PARTITIONS, the slices of several topics that arrive at the same moment are
   * handled in one inbox transaction too, not one per topic (docs/decisions.md #119). false joins
   * only the partitions of one topic, as #116 did.
   */
  @Transform(asBoolean)
  @IsBoolean()
  CONSUMER_MERGE_TOPICS: boolean = true;

  /**
   * After sending a batch, the outbox relay waits this long before reading the next, so a steady
   * flow goes out in fewer reads, sends and marks; the first event after a quiet spell is sent
   * without waiting. Off (0) by default (docs/decisions.md #108; not measured again with #121).
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  OUTBOX_RELAY_LINGER_MS: number = 0;

  /** An event still missing its reference data after this long is dead-lettered (a wrong code). */
  @IsInt()
  @Min(1)
  CONSUMER_REFERENCE_DATA_WAIT_MINUTES: number = 15;

  /** Test-only: handle failures unclassified (the old retry-then-dead-letter); refused in production. */
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => obj[key] === true || obj[key] === 'true')
  @IsBoolean()
  @Validate(NoTestSwitchInProduction)
  MCP_TEST_UNCLASSIFIED_FAILURES: boolean = false;

  /** Test-only: the inbox applies every delivery, a redelivered one too (the chaos suite's can-fail run); refused in production. */
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => obj[key] === true || obj[key] === 'true')
  @IsBoolean()
  @Validate(NoTestSwitchInProduction)
  MCP_TEST_INBOX_DEDUP_OFF: boolean = false;

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

  /**
   * On SIGTERM: readiness answers 503 at once and the replica keeps serving this long before it
   * stops (Kubernetes takes a pod out of its Service's endpoints a moment after the signal). 0 here,
   * where nothing routes around a stopping process; 5000 in deploy/k8s, inside its 30 s grace.
   */
  @IsInt()
  @Min(0)
  @Max(20_000)
  SHUTDOWN_DRAIN_MS: number = 0;

  /**
   * How long a query waits for one of the pool's 10 connections before it fails (503 over HTTP, a
   * transient wait in a consumer); 0 waits for ever, as node-postgres does unless told.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  DATABASE_POOL_WAIT_MS: number = 15_000;

  /**
   * How long a transaction may sit idle (open, no statement running) before Postgres ends its
   * session and rolls it back, releasing its locks; 0 lets it sit for ever (docs/decisions.md #195).
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_IDLE_IN_TRANSACTION_MS: number = 60_000;

  /** How often each replica prunes the outbox and inbox; 0 switches pruning off. */
  @IsInt()
  @Min(0)
  MESSAGING_PRUNE_INTERVAL_MINUTES: number = 60;

  /** The `iss` of the tokens the identity provider issues; in production its own URL, never the development default. */
  @IsString()
  @Validate(IssuerOfItsOwnInProduction)
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
   * Requests one signed-in user may make per minute to this replica, over all routes. Generous: a
   * Pemda operator in the last hour before a deadline, or a verifier working the queue, makes a few
   * requests a second at most; the limit stops a stolen or runaway token, not a person (docs/decisions.md #54).
   */
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_USER_PER_MINUTE: number = 1200;

  /**
   * Requests per minute from one client address without a valid token (public routes, and every
   * refused token), per replica. Lower than a user's: nobody signed in needs many, and a flood of
   * forged tokens costs a signature check each.
   */
  @IsInt()
  @Min(1)
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: number = 600;

  /**
   * How many proxies in front of the service to trust for the client address (X-Forwarded-For):
   * 0 locally, 1 behind the cluster's ingress. Without it every anonymous client would share the
   * ingress's address and one rate limit.
   */
  @IsInt()
  @Min(0)
  HTTP_TRUSTED_PROXY_HOPS: number = 0;

  /** The largest JSON (or form) body accepted; bigger ones get 413 before any handler runs. File uploads have their own limits. */
  @IsInt()
  @Min(1024)
  HTTP_JSON_BODY_LIMIT_BYTES: number = 1024 * 1024;

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
