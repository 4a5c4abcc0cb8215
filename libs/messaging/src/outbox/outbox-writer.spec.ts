import { exampleScoreUpdated, ScoreUpdated } from '@mcp/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxWriter } from './outbox-writer';

/* The multi-row form of the outbox (docs/decisions.md #79), against a stand-in transaction. */
describe('OutboxWriter.enqueueAll', () => {
  function transaction() {
    const statements: { sql: string; params: unknown[] }[] = [];
    const manager = {
      queryRunner: { isTransactionActive: true },
      query: async (sql: string, params: unknown[]) => {
        statements.push({ sql, params });
        return [];
      },
    } as unknown as EntityManager;
    return { manager, statements };
  }

  it('writes every event of the list in one statement, in the order given, keyed as the contract says', async () => {
    const { manager, statements } = transaction();
    const list = ['32.73', '32.71', '11.01'].map((pemdaCode) => exampleScoreUpdated({ pemdaCode }));
    const events = await new OutboxWriter('scoring', '/mcp/scoring').enqueueAll(manager, ScoreUpdated, list);
    expect(statements).toHaveLength(1);
    const [ids, topic, keys, rows] = statements[0].params as [string[], string, string[], string[]];
    expect(topic).toBe(ScoreUpdated.topic);
    expect(ids).toEqual(events.map((event) => event.id));
    expect(keys).toEqual(list.map((data) => ScoreUpdated.keyOf(data)));
    expect(rows.map((row) => JSON.parse(row).data.pemdaCode)).toEqual(['32.73', '32.71', '11.01']);
  });

  it('writes nothing for an empty list, and refuses to run outside a transaction', async () => {
    const { manager, statements } = transaction();
    expect(await new OutboxWriter('scoring', '/mcp/scoring').enqueueAll(manager, ScoreUpdated, [])).toEqual([]);
    expect(statements).toEqual([]);
    const outside = { queryRunner: { isTransactionActive: false } } as unknown as EntityManager;
    await expect(
      new OutboxWriter('scoring', '/mcp/scoring').enqueueAll(outside, ScoreUpdated, [exampleScoreUpdated({})]),
    ).rejects.toThrow(/inside the transaction/);
  });
});
