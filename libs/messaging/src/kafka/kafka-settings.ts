import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

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

export function createKafkaClient(settings: KafkaSettings, suffix = ''): Kafka {
  const config: KafkaConfig = {
    clientId: `${settings.clientId}${suffix}`,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    // Fail fast at start-up rather than hang: readiness reports the broker as down instead.
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200 },
  };
  return new Kafka(config);
}
