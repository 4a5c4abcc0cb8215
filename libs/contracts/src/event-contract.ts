import type { TopicName } from './topics';

/**
 * What downstream readers need to know about a topic beyond the schema. It sits on the contract so
 * that adding an event is one `defineContract` call: topic administration and the generated
 * AsyncAPI document both read it from there.
 */
export interface ChannelFacts {
  /** What the Kafka key is, in prose: `keyOf` is code and cannot be shown in a document. */
  readonly key: string;
  /** Compacted topics keep only the latest value per key, so a late reader still sees every key. */
  readonly compacted: boolean;
  /**
   * The publishing service; its CloudEvents `source` is `/mcp/<producer>`. Only its Kafka principal
   * may write the topic, and consumers dead-letter an event from any other source.
   */
  readonly producer: string;
  /**
   * The services that read the topic (their `@HandleEvent` handlers, the portal's live feed). The
   * broker's ACLs are derived from this (libs/messaging/src/access): a service not listed is refused.
   */
  readonly consumers: readonly string[];
  /** Kept from readers outside the platform (the analytics lake): the broker refuses them. */
  readonly confidential?: boolean;
  /** What a consumer must know that the schema cannot say (ordering, which event is in force). */
  readonly note?: string;
}

/**
 * Everything a producer and a consumer must agree on for one event type. The JSON Schema is the
 * language-neutral truth (downstream analytics validate against the same file); the TypeScript
 * type is generated from it (scripts/generate-contracts.ts), so the two cannot drift.
 */
export interface EventContract<TData> {
  /** CloudEvents `type`, equal to the topic name so a consumer can route by either. */
  readonly type: string;
  readonly topic: TopicName;
  readonly schema: Readonly<Record<string, unknown>>;
  /** CloudEvents `dataschema`: the `$id` of the schema. */
  readonly dataSchemaId: string;
  readonly channel: ChannelFacts;
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
  channel: ChannelFacts,
): EventContract<TData> {
  const dataSchemaId = schema['$id'];
  if (typeof dataSchemaId !== 'string') {
    throw new Error(`Schema for ${topic} has no $id`);
  }
  return { type: topic, topic, schema, dataSchemaId, channel, keyOf, subjectOf };
}
