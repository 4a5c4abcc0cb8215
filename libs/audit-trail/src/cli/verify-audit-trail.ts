import { Client } from 'pg';
import { parseArgs } from 'node:util';
import { operatorKafkaAccessFromEnv } from '@mcp/messaging';
import { lastPublishedAuditHeads } from '../published-head';
import { verifyAuditTrail, type PublishedHead } from '../verify-audit-trail';

/*
 * Recomputes the audit chain and names the first bad row (operators; exit 0 intact, 1 tampered, 2 error):
 *   npm run -s audit:verify -- [--database-url <url>] [--published-head [<lane>/]<sequence>:<hash> ... | --kafka-brokers <host:port,...>] [--json]
 * The URL defaults to AUDIT_DATABASE_URL, then DATABASE_URL; its role needs mcp_audit_reader (or
 * is the administrator). The last published `mcp.audit.head.v1` of each lane (given, one
 * --published-head per lane, or read from the topic with --kafka-brokers) makes a lane rewritten
 * and re-hashed from its start detectable too.
 */
const USAGE =
  'Pemakaian (usage): npm run -s audit:verify -- [--database-url <url>] [--published-head [<lajur>/]<urutan>:<hash> ... | --kafka-brokers <host:port,...>] [--json]';

function parsePublishedHead(text: string): PublishedHead {
  // Without a lane: lane 0, the one chain of the heads published before lanes.
  const match = /^(?:(\d+)\/)?(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new Error(`--published-head harus [<lajur>/]<urutan>:<hash sha-256 hex>, bukan "${text}"\n${USAGE}`);
  return { lane: Number(match[1] ?? 0), sequence: Number(match[2]), rowHash: match[3] };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'published-head': { type: 'string', multiple: true },
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
    const published = brokers ? await lastPublishedAuditHeads(brokers, sasl, tls) : (values['published-head'] ?? []).map(parsePublishedHead);
    if (brokers && published.length === 0) console.log('Belum ada head yang diterbitkan (no mcp.audit.head.v1 yet): hanya rantai yang diperiksa');
    const verdict = await verifyAuditTrail(client, { published });
    if (values.json) console.log(JSON.stringify(verdict));
    else if (verdict.ok) {
      console.log(`Rantai audit utuh (intact): ${verdict.rows} baris dalam ${verdict.heads.length} lajur (lanes)`);
      for (const head of verdict.heads) console.log(`  lajur ${head.lane}: head #${head.sequence} ${head.rowHash}`);
    } else console.log(verdict.message);
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
