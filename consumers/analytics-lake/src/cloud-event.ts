import type { IHeaders, KafkaMessage } from 'kafkajs';
import { monthOf } from './lake-files';
import type { LakeRecord } from './parquet-writer';

function header(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  if (value === undefined || value === null) return null;
  return String(Array.isArray(value) ? value[0] : value);
}

/**
 * A record in CloudEvents Kafka binary mode (as MCP publishes): attributes in `ce_*` headers,
 * data as the value. A record without `ce_id` (not a CloudEvent) is kept too, under its
 * coordinates, so nothing on the topic is silently left out.
 */
export function lakeRecordOf(topic: string, partition: number, message: KafkaMessage): LakeRecord {
  const time = header(message.headers, 'ce_time');
  return {
    partition,
    offset: BigInt(message.offset),
    key: message.key ? message.key.toString('utf8') : null,
    id: header(message.headers, 'ce_id') ?? `${topic}/${partition}/${message.offset}`,
    type: header(message.headers, 'ce_type') ?? topic,
    source: header(message.headers, 'ce_source') ?? '',
    subject: header(message.headers, 'ce_subject'),
    time,
    data: message.value ? message.value.toString('utf8') : 'null',
    month: monthOf(time ?? undefined, message.timestamp),
  };
}
