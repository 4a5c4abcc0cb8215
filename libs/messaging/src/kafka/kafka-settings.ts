import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type logCreator, type Producer, type SASLOptions } from 'kafkajs';
// Every client this lib makes (and NestJS's transport, same kafkajs) stops spinning when idle.
import './kafkajs-idle-fix';

/** What every service tells the messaging lib about its Kafka cluster. */
export interface KafkaSettings {
  brokers: string[];
  /** Also the consumer group id: one group per service, so each service sees every event. */
  clientId: string;
  /** Partitions for topics this lib creates; keys (pemdaCode) keep per-Pemda order within one. */
  partitions: number;
  /** Copies of each topic this lib creates: 1 on a single local broker, 3 on a real cluster. */
  replicationFactor?: number;
  /** The service's own principal: the broker's ACLs decide what it may read and write. */
  sasl?: KafkaSaslSettings;
  /** TLS to the brokers (certificates from Node's CA store, or `NODE_EXTRA_CA_CERTS`). */
  tls?: boolean;
}

export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export interface KafkaSaslSettings {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/** The connection part of a client config (brokers, TLS, SASL), shared by every client this lib makes. */
export function kafkaConnectionOf(settings: KafkaSettings): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  return {
    brokers: settings.brokers,
    ssl: settings.tls ?? false,
    sasl: settings.sasl ? (settings.sasl as SASLOptions) : undefined,
  };
}

/**
 * A consumer group rebalances whenever a replica joins or leaves; kafkajs then logs the broker's
 * "rejoin needed" answers to heartbeats and commits as errors although the group recovers by
 * itself. They are logged at debug, so a real error stays visible.
 */
const ROUTINE_REBALANCE = /group is rebalancing|not aware of this member|not the correct coordinator/i;

/**
 * A transient handler failure is thrown to kafkajs on purpose (so the record is fetched again after
 * the partition's pause, kafka-transport.ts); the transport has already logged it as a warning.
 */
const EVENT_MUST_WAIT = /EventMustWaitError|must wait: /;

/**
 * A broker away is an expected state (#72): kafkajs would log every refused connection of every
 * client as an error, many a second. Our own code says it once per attempt (the relay's and the
 * consumer's retries, as warnings) and `mcp_kafka_reachable` shows it, so these go to debug.
 */
const BROKER_AWAY = /\[(Connection|BrokerPool)\] (Connection error|Connection timeout|Failed to connect to seed broker)/;

export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    const text = `[${namespace}] ${message}${extra.error ? `: ${String(extra.error)}` : ''}`;
    if (ROUTINE_REBALANCE.test(text) || BROKER_AWAY.test(text) || level > logLevel.WARN) logger.debug(text);
    else if (EVENT_MUST_WAIT.test(text) && namespace === 'Runner') logger.debug(text);
    else if (EVENT_MUST_WAIT.test(text)) logger.warn(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else logger.error(text);
  };
};

export function createKafkaClient(settings: KafkaSettings, suffix = ''): Kafka {
  const config: KafkaConfig = {
    clientId: `${settings.clientId}${suffix}`,
    ...kafkaConnectionOf(settings),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    // Fail fast at start-up rather than hang: readiness reports the broker as down instead.
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200 },
  };
  return new Kafka(config);
}

/**
 * The one way this lib produces: idempotent, acks from all in-sync replicas, one request in
 * flight (per-partition order survives retries). An idempotent producer must not have its retries
 * limited (kafkajs warns that it may break the sequence numbers), so the client's 5 are lifted
 * here; how long a caller waits for a send is the caller's own bound.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Named explicitly (it is kafkajs 2's default, murmur2 like Java clients) so that kafkajs does
    // not warn about the change of default on every producer.
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 10_000 },
  });
}

/**
 * An operator tool's login from its environment (`KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`,
 * `KAFKA_SASL_MECHANISM`, `KAFKA_TLS`), for the command-line tools that run outside a service's
 * validated configuration; none when no user name is set.
 */
export function operatorKafkaAccessFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<KafkaSettings, 'sasl' | 'tls'> {
  const username = env.KAFKA_SASL_USERNAME;
  const sasl = username
    ? { mechanism: (env.KAFKA_SASL_MECHANISM ?? 'scram-sha-512') as KafkaSaslMechanism, username, password: env.KAFKA_SASL_PASSWORD ?? '' }
    : undefined;
  return { sasl, tls: yes(env.KAFKA_TLS, 'KAFKA_TLS') };
}

/** The services' rule for a yes/no variable (booleanFromEnv in service-runtime), for the CLIs: another word is refused by name. */
function yes(value: string | undefined, name: string): boolean {
  const word = (value ?? '').trim().toLowerCase();
  if (['true', '1', 'yes'].includes(word)) return true;
  if (['false', '0', 'no', ''].includes(word)) return false;
  throw new Error(`${name} must be true/1/yes or false/0/no, not ${JSON.stringify(value)}`);
}
