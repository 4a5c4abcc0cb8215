import { Client } from 'pg';
import { parseArgs } from 'node:util';
import { operatorKafkaAccessFromEnv } from '@mcp/messaging';
import { lastPublishedAuditHead } from '../published-head';
import { verifyAuditTrail, type PublishedHead } from '../verify-audit-trail';

/*
 * Recomputes the audit chain and names the first bad row (operators; exit 0 intact, 1 tampered, 2 error):
 *   npm run -s audit:verify -- [--database-url <url>] [--published-head <sequence>:<hash> | --kafka-brokers <host:port,...>] [--json]
 * The URL defaults to AUDIT_DATABASE_URL, then DATABASE_URL; its role needs mcp_audit_reader (or
 * is the administrator). The last published `mcp.audit.head.v1` (given, or read from the topic with
 * --kafka-brokers) makes a chain rewritten and re-hashed from its start detectable too.
 */
const USAGE =
  'Pemakaian (usage): npm run -s audit:verify -- [--database-url <url>] [--published-head <urutan>:<hash> | --kafka-brokers <host:port,...>] [--json]';

function parsePublishedHead(text: string | undefined): PublishedHead | undefined {
  if (!text) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new Error(`--published-head harus <urutan>:<hash sha-256 hex>, bukan "${text}"\n${USAGE}`);
  return { sequence: Number(match[1]), rowHash: match[2] };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'published-head': { type: 'string' },
      'kafka-brokers': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const url = values['database-url'] ?? process.env.AUDIT_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error(`Tidak ada --database-url, AUDIT_DATABASE_URL atau DATABASE_URL\n${USAGE}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const brokers = values['kafka-brokers']?.split(',');
    // An operator's principal that may read mcp.audit.head.v1 (admin locally: .local/kafka/credentials.properties).
    const { sasl, tls } = operatorKafkaAccessFromEnv();
    const published = brokers ? await lastPublishedAuditHead(brokers, sasl, tls) : parsePublishedHead(values['published-head']);
    if (brokers && !published) console.log('Belum ada head yang diterbitkan (no mcp.audit.head.v1 yet): hanya rantai yang diperiksa');
    const verdict = await verifyAuditTrail(client, { published });
    if (values.json) console.log(JSON.stringify(verdict));
    else if (verdict.ok) console.log(`Rantai audit utuh (intact): ${verdict.rows} baris, head #${verdict.head.sequence} ${verdict.head.rowHash}`);
    else console.log(verdict.message);
    return verdict.ok ? 0 : 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
