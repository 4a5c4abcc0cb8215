import { createEvent, type EventContract, type McpEvent } from '@mcp/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Records an event in the caller's transaction. Nothing reaches Kafka here: the relay publishes
 * after commit, so an event exists if and only if the state change that caused it does.
 */
export class OutboxWriter {
  constructor(
    private readonly schema: string,
    private readonly source: string,
  ) {}

  async enqueue<TData>(
    manager: EntityManager,
    contract: EventContract<TData>,
    data: TData,
  ): Promise<McpEvent<TData>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.enqueue must run inside the transaction of the state change');
    }
    const event = createEvent(contract, data, this.source);
    await manager.query(
      `INSERT INTO "${this.schema}"."outbox" (event_id, topic, message_key, event) VALUES ($1, $2, $3, $4)`,
      [event.id, contract.topic, contract.keyOf(data), JSON.stringify(event)],
    );
    return event;
  }
}
