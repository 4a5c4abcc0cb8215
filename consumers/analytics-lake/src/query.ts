import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Opens the lake in DuckDB with three views:
 *  - `records`: every Kafka record stored, with `topic` and `month` from the folders;
 *  - `events`: one row per event id (at-least-once delivery can put an event on a topic twice);
 *  - `scores`: `mcp.score.updated.v1` with its fields as columns, totals as exact decimals.
 */
export async function queryLake(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const root = join(dir, 'events');
    const hasFiles = existsSync(root) && (readdirSync(root, { recursive: true }) as string[]).some((name) => name.endsWith('.parquet'));
    const source = hasFiles
      ? `read_parquet('${join(root, '*', '*', '*.parquet').replaceAll("'", "''")}', hive_partitioning = true, hive_types_autocast = false)`
      : `(SELECT NULL::VARCHAR AS topic, NULL::VARCHAR AS month, NULL::INTEGER AS kafka_partition, NULL::BIGINT AS kafka_offset,
           NULL::VARCHAR AS kafka_key, NULL::VARCHAR AS id, NULL::VARCHAR AS type, NULL::VARCHAR AS source,
           NULL::VARCHAR AS subject, NULL::VARCHAR AS time, NULL::VARCHAR AS data WHERE false)`;
    await connection.run(`CREATE VIEW records AS SELECT * FROM ${source}`);
    await connection.run(`
      CREATE VIEW events AS
      SELECT * EXCLUDE (copy) FROM (
        SELECT *, row_number() OVER (PARTITION BY id ORDER BY topic, kafka_partition, kafka_offset) AS copy FROM records
      ) WHERE copy = 1`);
    await connection.run(`
      CREATE VIEW scores AS
      SELECT id,
             data->>'pemdaCode' AS pemda_code,
             data->>'provinceCode' AS province_code,
             data->>'wilayah' AS wilayah,
             CAST(data->>'year' AS INTEGER) AS year,
             CAST(data->>'total' AS DECIMAL(38, 18)) AS total,
             CAST(data->>'computedAt' AS TIMESTAMPTZ) AS computed_at,
             data
      FROM records WHERE topic = 'mcp.score.updated.v1'
      -- One row per event id within the topic: through the events view the topic filter came after a window over every record of the lake.
      QUALIFY row_number() OVER (PARTITION BY id ORDER BY kafka_partition, kafka_offset) = 1`);
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
