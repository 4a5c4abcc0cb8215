/*
 * Imported first by rush.bench.ts: @mcp/testing reads where its broker, clamd and database are when
 * it is loaded, and the rush runs beside the test suite (19092) and the chaos suite (197xx) on
 * ports and a database of its own.
 */
process.env.MCP_TEST_KAFKA_PORT ??= process.env.BENCH_KAFKA_PORT ?? '19492';
process.env.MCP_TEST_CLAMD_PORT ??= String(Number(process.env.MCP_TEST_KAFKA_PORT) + 2);
process.env.MCP_TEST_DATABASE_URL ??= process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_rush';

export {};
