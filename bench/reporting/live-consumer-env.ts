/*
 * Imported first by live-consumer.bench.ts: @mcp/testing reads its database when it is loaded, and
 * its default (mcp_test) is the first Jest worker's, whose schemas this bench would drop and whose
 * commits it would count. A database of the bench's own instead, as rush-env.ts gives the rush; over
 * TCP like the results before it (the rush prefers the Unix socket, which costs less per statement).
 * The broker is still the test suite's (MCP_TEST_KAFKA_PORT, 19092 unless told).
 */
process.env.MCP_TEST_DATABASE_URL ??= process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_live_consumer';

export {};
