import { Client } from 'pg';

/**
 * What autovacuum would do for the rush's database, when the server runs without it.
 *
 * The Postgres of these machines is configured for CI with `autovacuum = off`
 * (/etc/postgresql/<version>/main/conf.d/90-ci.conf), and a per-table setting cannot turn it back on.
 * A production server runs it with the defaults. Without it, no table of the rush is ever analysed
 * or vacuumed: the planner plans the queue's claim on a task table it believes empty (and picked
 * an index that reads every open task of the wilayah for a third of the claims, 2026-12-06), and
 * each claimed or decided task leaves a dead entry at the head of the claim order. So the rush would
 * measure a database nobody runs.
 *
 * Every naptime (autovacuum's default, 60 s), over one connection of its own (so its CPU counts with
 * the database's backends, as autovacuum's workers cost CPU in production), this runs VACUUM
 * (ANALYZE) on each table past autovacuum's default vacuum thresholds (dead rows > 50 + 20% of the
 * table; rows inserted since the last vacuum > 1,000 + 20%), and ANALYZE alone on each table past
 * the analyze threshold (rows changed since the last analyze > 50 + 10%). One table after another,
 * as the single database's one worker would.
 */
export class AutovacuumStandIn {
  readonly passes: { at: string; vacuumed: string[]; analyzed: string[]; ms: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;

  private constructor(private readonly client: Client, private readonly naptimeMs: number) {}

  /** Started only when the server's own autovacuum is off; undefined otherwise. */
  static async startIfOff(databaseUrl: string, naptimeMs = 60_000): Promise<AutovacuumStandIn | undefined> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'bench-rush-autovacuum-stand-in' });
    await client.connect();
    const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    if (rows[0].autovacuum === 'on') {
      await client.end();
      return undefined;
    }
    const standIn = new AutovacuumStandIn(client, naptimeMs);
    standIn.timer = setInterval(() => {
      if (!standIn.pass && !standIn.stopped) standIn.pass = standIn.once().finally(() => (standIn.pass = undefined));
    }, naptimeMs);
    return standIn;
  }

  private async once(): Promise<void> {
    const started = performance.now();
    const { rows } = await this.client.query<{ name: string; vacuum: boolean; analyze: boolean }>(
      `SELECT format('%I.%I', s.schemaname, s.relname) AS name,
              s.n_dead_tup > 50 + 0.2 * GREATEST(c.reltuples, 0) OR s.n_ins_since_vacuum > 1000 + 0.2 * GREATEST(c.reltuples, 0) AS vacuum,
              s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0) AS analyze
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        ORDER BY s.schemaname, s.relname`,
    );
    const vacuumed: string[] = [];
    const analyzed: string[] = [];
    for (const table of rows) {
      if (this.stopped) break;
      if (table.vacuum) {
        await this.client.query(`VACUUM (ANALYZE) ${table.name}`);
        vacuumed.push(table.name);
      } else if (table.analyze) {
        await this.client.query(`ANALYZE ${table.name}`);
        analyzed.push(table.name);
      }
    }
    this.passes.push({ at: new Date().toISOString(), vacuumed, analyzed, ms: Math.round(performance.now() - started) });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pass?.catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
