import { Client } from 'pg';
import { parseArgs } from 'node:util';
import { operatorKafkaAccessFromEnv } from '@mcp/messaging';
import { distinctHeads, publishedAuditHeads } from '../published-head';
import { verifyAuditTrail, type PublishedHead } from '../verify-audit-trail';

/*
 * Recomputes the audit chain and names the first bad row (operators; exit 0 intact, 1 tampered, 2 error):
 *   npm run -s audit:verify -- [--database-url <url>] [--published-head [<lane>/]<sequence>:<hash> ...] [--kafka-brokers <host:port,...>] [--json]
 * The URL defaults to AUDIT_DATABASE_URL, then DATABASE_URL; its role needs mcp_audit_reader (or
 * is the administrator). Published `mcp.audit.head.v1` heads make a lane rewritten and re-hashed
 * from its start detectable too: every head on the topic (--kafka-brokers) and every head given
 * (--published-head, any number per lane, e.g. from an archived copy) are checked, both together
 * when both options are given.
 */
const USAGE =
  'Pemakaian (usage): npm run -s audit:verify -- [--database-url <url>] [--published-head [<lajur>/]<urutan>:<hash> ...] [--kafka-brokers <host:port,...>] [--json]\n' +
  '  Setiap head yang diberikan dan setiap head di topik diperiksa; keduanya boleh dipakai bersama (every head given and every head on the topic is checked; both options combine).';

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
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const url = values['database-url'] ?? process.env.AUDIT_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error(`Tidak ada --database-url, AUDIT_DATABASE_URL atau DATABASE_URL\n${USAGE}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const brokers = values['kafka-brokers']?.split(',');
    // An operator's principal that may read mcp.audit.head.v1 (admin locally: .local/kafka/credentials.properties).
    const { sasl, tls } = operatorKafkaAccessFromEnv();
    const given = (values['published-head'] ?? []).map(parsePublishedHead);
    const onTopic = brokers ? await publishedAuditHeads(brokers, sasl, tls) : [];
    if (brokers && onTopic.length === 0) {
      console.log(`Belum ada head yang diterbitkan (no mcp.audit.head.v1 yet): ${given.length > 0 ? 'hanya head yang diberikan' : 'hanya rantai'} yang diperiksa`);
    }
    const published = distinctHeads([...given, ...onTopic]);
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
