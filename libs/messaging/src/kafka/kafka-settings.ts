import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type logCreator, type Producer } from 'kafkajs';

/** What every service tells the messaging lib about its Kafka cluster. */
export interface KafkaSettings {
  brokers: string[];
  /** Also the consumer group id: one group per service, so each service sees every event. */
  clientId: string;
  /** Partitions for topics this lib creates; keys (pemdaCode) keep per-Pemda order within one. */
  partitions: number;
  /** Copies of each topic this lib creates: 1 on a single local broker, 3 on a real cluster. */
  replicationFactor?: number;
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

export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    const text = `[${namespace}] ${message}${extra.error ? `: ${String(extra.error)}` : ''}`;
    if (ROUTINE_REBALANCE.test(text) || level > logLevel.WARN) logger.debug(text);
    else if (EVENT_MUST_WAIT.test(text) && namespace === 'Runner') logger.debug(text);
    else if (EVENT_MUST_WAIT.test(text)) logger.warn(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else logger.error(text);
  };
};

export function createKafkaClient(settings: KafkaSettings, suffix = ''): Kafka {
  const config: KafkaConfig = {
    clientId: `${settings.clientId}${suffix}`,
    brokers: settings.brokers,
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
