import type { DatabaseProbe } from './rush-measure';

/*
 * Where Postgres's time goes per decision (BENCH_PG_STATEMENTS=1): pg_stat_statements over the
 * decision steps, grouped by the service's database role. Needs the extension preloaded
 * (shared_preload_libraries, a server restart); bench/README.md says how to load it for one run
 * and take it away again. The test suite never needs it.
 */
export interface StatementRow {
  role: string;
  calls: number;
  execMs: number;
  planMs: number;
  rows: number;
  query: string;
}

export interface StatementBreakdown {
  operations: number;
  byRole: Record<string, { calls: number; callsPerOperation: number; explicitCommitsPerOperation: number; execMsPerOperation: number; planMsPerOperation: number }>;
  top: Array<StatementRow & { callsPerOperation: number; msPerCall: number }>;
}

export async function startStatementWindow(probe: DatabaseProbe): Promise<void> {
  try {
    await probe.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await probe.query('SELECT pg_stat_statements_reset()');
  } catch (error) {
    throw new Error(
      `BENCH_PG_STATEMENTS=1 needs pg_stat_statements in shared_preload_libraries (bench/README.md, "Where Postgres's time goes"): ${(error as Error).message}`,
    );
  }
}

/** The window's statements per operation, and a fresh window from here on. */
export async function statementBreakdown(probe: DatabaseProbe, operations: number, top = 40): Promise<StatementBreakdown> {
  const rows = await probe.query<{ role: string; calls: string; exec_ms: number; plan_ms: number; rows: string; query: string }>(
    `SELECT r.rolname AS role, s.calls::text, s.total_exec_time AS exec_ms, s.total_plan_time AS plan_ms, s.rows::text,
            left(regexp_replace(s.query, '\\s+', ' ', 'g'), 200) AS query
       FROM pg_stat_statements s
       JOIN pg_roles r ON r.oid = s.userid
       JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND r.rolname <> current_user`,
    [probe.databaseName],
  );
  const per = (value: number) => Math.round((value / Math.max(1, operations)) * 100) / 100;
  const statements: StatementRow[] = rows.map((row) => ({
    role: row.role,
    calls: Number(row.calls),
    execMs: row.exec_ms,
    planMs: row.plan_ms,
    rows: Number(row.rows),
    query: row.query,
  }));
  const byRole: StatementBreakdown['byRole'] = {};
  for (const statement of statements) {
    const role = (byRole[statement.role] ??= { calls: 0, callsPerOperation: 0, explicitCommitsPerOperation: 0, execMsPerOperation: 0, planMsPerOperation: 0 });
    role.calls += statement.calls;
    if (/^commit\b/i.test(statement.query)) role.explicitCommitsPerOperation += statement.calls;
    role.execMsPerOperation += statement.execMs;
    role.planMsPerOperation += statement.planMs;
  }
  for (const role of Object.values(byRole)) {
    role.callsPerOperation = per(role.calls);
    role.explicitCommitsPerOperation = per(role.explicitCommitsPerOperation);
    role.execMsPerOperation = per(role.execMsPerOperation);
    role.planMsPerOperation = per(role.planMsPerOperation);
  }
  const ranked = [...statements]
    .sort((a, b) => b.execMs + b.planMs - (a.execMs + a.planMs))
    .slice(0, top)
    .map((statement) => ({
      ...statement,
      execMs: Math.round(statement.execMs),
      planMs: Math.round(statement.planMs),
      callsPerOperation: per(statement.calls),
      msPerCall: Math.round(((statement.execMs + statement.planMs) / Math.max(1, statement.calls)) * 1000) / 1000,
    }));
  await probe.query('SELECT pg_stat_statements_reset()');
  return { operations, byRole, top: ranked };
}
