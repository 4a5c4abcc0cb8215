import { exampleScoreSnapshot, exampleScoreUpdated, ScoreSnapshot, ScoreUpdated } from '@mcp/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxWriter, outboxItem } from './outbox-writer';

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
    const [ids, topics, keys, rows] = statements[0].params as [string[], string[], string[], string[]];
    expect(topics).toEqual(list.map(() => ScoreUpdated.topic));
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

  it('writes events of several contracts in one statement, each with its topic and key, in the order given (docs/decisions.md #108)', async () => {
    const { manager, statements } = transaction();
    const update = exampleScoreUpdated({ pemdaCode: '32.73' });
    const snapshot = exampleScoreSnapshot({ pemdaCode: '11.01' });
    const events = await new OutboxWriter('scoring', '/mcp/scoring').enqueueEach(manager, [
      outboxItem(ScoreUpdated, update),
      outboxItem(ScoreSnapshot, snapshot),
    ]);
    expect(statements).toHaveLength(1);
    const [ids, topics, keys, rows] = statements[0].params as [string[], string[], string[], string[]];
    expect(ids).toEqual(events.map((event) => event.id));
    expect(topics).toEqual([ScoreUpdated.topic, ScoreSnapshot.topic]);
    expect(keys).toEqual([ScoreUpdated.keyOf(update), ScoreSnapshot.keyOf(snapshot)]);
    expect(rows.map((row) => JSON.parse(row).type)).toEqual([ScoreUpdated.type, ScoreSnapshot.type]);
  });

  it("gives a caller's own statement its share: the insert numbered from the caller's parameter, the rewrite, the notify (docs/decisions.md #114)", async () => {
    const { manager, statements } = transaction();
    const update = exampleScoreUpdated({ pemdaCode: '32.73' });
    const part = new OutboxWriter('scoring', '/mcp/scoring').statementPart(manager, [outboxItem(ScoreUpdated, update)], {
      firstParameter: 7,
      from: 'computed',
      event: (event) => `jsonb_set(${event}, '{data,total}', to_jsonb(computed.total))`,
    });
    expect(statements).toEqual([]);
    expect(part.insertSql).toContain('unnest($7::uuid[], $8::text[], $9::text[], $10::jsonb[])');
    expect(part.insertSql).toContain("jsonb_set(rows.event, '{data,total}', to_jsonb(computed.total))");
    expect(part.insertSql).toMatch(/AS rows\(event_id, topic, message_key, event, n\), computed\s/);
    expect(part.notifySql('written')).toBe('SELECT CASE WHEN $12::boolean THEN pg_notify($11, max(seq)::text) END FROM written HAVING count(*) > 0');
    const [ids, topics, keys, rows, channel, notifies] = part.parameters as [string[], string[], string[], string[], string, boolean];
    expect(ids).toEqual(part.events.map((event) => event.id));
    expect(topics).toEqual([ScoreUpdated.topic]);
    expect(keys).toEqual([ScoreUpdated.keyOf(update)]);
    expect(JSON.parse(rows[0]).data.pemdaCode).toBe('32.73');
    expect(channel).toBe('mcp_outbox_scoring');
    // No relay of its own process to tell: the commit's notice wakes the publisher (docs/decisions.md #130).
    expect(notifies).toBe(true);
    expect(await part.settle(Promise.resolve('written'))).toBe('written');
    await expect(part.settle(Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});
