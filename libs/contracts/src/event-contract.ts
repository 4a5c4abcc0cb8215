import type { TopicName } from './topics';

/**
 * Everything a producer and a consumer must agree on for one event type. The JSON Schema is the
 * language-neutral truth (downstream analytics validate against the same file); the TypeScript
 * type mirrors it and the contract tests keep the two honest.
 */
export interface EventContract<TData> {
  /** CloudEvents `type`, equal to the topic name so a consumer can route by either. */
  readonly type: string;
  readonly topic: TopicName;
  readonly schema: Readonly<Record<string, unknown>>;
  /** CloudEvents `dataschema`: the `$id` of the schema. */
  readonly dataSchemaId: string;
  /** Kafka key: decides the partition, so everything about one Pemda (or region) stays in order. */
  keyOf(data: TData): string;
  /** CloudEvents `subject`: what the event is about, for filtering without parsing `data`. */
  subjectOf(data: TData): string;
}

export function defineContract<TData>(
  topic: TopicName,
  schema: Readonly<Record<string, unknown>>,
  keyOf: (data: TData) => string,
  subjectOf: (data: TData) => string,
): EventContract<TData> {
  const dataSchemaId = schema['$id'];
  if (typeof dataSchemaId !== 'string') {
    throw new Error(`Schema for ${topic} has no $id`);
  }
  return { type: topic, topic, schema, dataSchemaId, keyOf, subjectOf };
}
