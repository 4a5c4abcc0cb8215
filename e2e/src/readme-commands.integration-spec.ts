import { repositoryRoot, resetTopics, testClamdPort, testDatabaseUrl, testKafkaPort, testKeycloakPort } from '@mcp/testing';
import { serviceCatalogue } from '@mcp/service-runtime';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { commandBlocks, type CommandBlock } from './readme/command-blocks';

/**
 * Every command block of README.md, run against a platform started by the README's own `npm run up`
 * on the test ports, so the README cannot drift from the code (issue 15). Blocks are found by their
 * section; a block no entry below claims fails the run, so a new block must be given a check here.
 *
 * The platform shares the test harness's broker, clamd and Keycloak (same MCP_LOCAL_DIR and ports as
 * the Jest global setup), with its own database, services, mail catcher and state folder; the
 * README's addresses are rewritten to it by ON_TEST_PLATFORM, the only change made to a block.
 */
const README = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
const localDir = join(repositoryRoot, '.local', `test-${testKafkaPort}`);
// The catalogue's ports 3000-3005 moved to the broker's port + 10 …: inside this run's port range.
const serviceOffset = testKafkaPort + 10 - Math.min(...serviceCatalogue.map(({ port }) => port));
const servicePort = (defaultPort: number) => defaultPort + serviceOffset;
const platformDatabaseUrl = testDatabaseUrl.replace(/\/([^/?]+)(\?.*)?$/, '/$1_platform$2');
const platformDatabase = new URL(platformDatabaseUrl).pathname.slice(1);

/** What `npm run up` and the CLIs read to run beside a developer's platform (README "A second platform"). */
const PLATFORM_ENV: Record<string, string> = {
  MCP_LOCAL_DIR: localDir,
  MCP_SERVICE_PORT_OFFSET: String(serviceOffset),
  DATABASE_URL: platformDatabaseUrl,
  KAFKA_PORT: String(testKafkaPort),
  KAFKA_CONTROLLER_PORT: String(testKafkaPort + 1),
  KAFKA_BROKERS: `127.0.0.1:${testKafkaPort}`,
  CLAMD_PORT: String(testClamdPort),
  KEYCLOAK_PORT: String(testKeycloakPort),
  MAIL_CATCHER_PORT: String(testKafkaPort + 20),
  STORAGE_DIR: join(localDir, 'evidence'),
  LAKE_DIR: join(localDir, 'analytics-lake'),
};

/** The README's addresses of the developer's platform (and of the Docker one), here the test platform's. */
const ON_TEST_PLATFORM: [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/http:\/\/(?:127\.0\.0\.1|localhost):(300\d)\b/g, (_, port) => `http://127.0.0.1:${servicePort(Number(port))}`],
  [/127\.0\.0\.1:9092\b/g, () => `127.0.0.1:${testKafkaPort}`],
  [/(?<![\w/])\.local\/kafka\//g, () => `${localDir}/kafka/`],
  [/postgres:\/\/postgres@127\.0\.0\.1:5432\/mcp\b/g, () => platformDatabaseUrl],
  [/http:\/\/localhost:8080\b/g, () => `http://127.0.0.1:${testKeycloakPort}`],
];

function onTestPlatform(text: string): string {
  return ON_TEST_PLATFORM.reduce((result, [pattern, replace]) => result.replace(pattern, replace as never), text);
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs shell text in the repository folder as a reader would (bash, Node 24 first on PATH), stopping at the first failing command. */
function runShell(text: string, timeoutMs: number): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, ...PLATFORM_ENV, NODE_OPTIONS: '' };
  env.PATH = `${dirname(process.execPath)}:${join(repositoryRoot, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', text], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      output += `\n[readme test: killed after ${timeoutMs} ms]`;
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function runBlock(block: CommandBlock, timeoutMs = 180_000): Promise<string> {
  const { code, output } = await runShell(onTestPlatform(block.text), timeoutMs);
  if (code !== 0) {
    // The last lines (why it stopped) first: a CI summary that folds a long message keeps its head.
    const lastLines = output.trimEnd().split('\n').slice(-15).join('\n');
    throw new Error(`README block "${block.section}" #${block.ordinal} (line ${block.line}) exited ${code}; its last lines:\n${lastLines}\n\nits output:\n${output.slice(-4000)}`);
  }
  return output;
}

const blocks = commandBlocks(README);
const blockOf = (section: string, ordinal = 1): CommandBlock => {
  const found = blocks.find((block) => block.section === section && block.ordinal === ordinal);
  if (!found) throw new Error(`README has no command block #${ordinal} under "${section}"`);
  return found;
};

/** Each README block, claimed by exactly one entry: how it is run and what it must show. */
const CLAIMED = [
  { section: 'The two commands', ordinal: 1 },
  { section: 'Try the flow by hand', ordinal: 1 },
  { section: 'Commands beyond the two', ordinal: 1 },
  { section: 'Kafka credentials: debugging with admin, running a CLI as its service', ordinal: 1 },
  { section: 'Running with Docker', ordinal: 1 },
  { section: 'Running with Docker', ordinal: 2 },
];

async function dropPlatformDatabase(): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl.replace(/\/[^/?]+(\?.*)?$/, '/postgres$1') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${platformDatabase}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The server's socket directory if the URL's user gets in through it, else null (asked as `npm run up` asks). */
async function localSocketAccepting(url: string): Promise<string | null> {
  const overTcp = new Client({ connectionString: url });
  await overTcp.connect();
  let directory: string;
  try {
    const { rows } = await overTcp.query<{ dir: string }>("SELECT split_part(current_setting('unix_socket_directories'), ',', 1) AS dir");
    directory = rows[0].dir;
  } finally {
    await overTcp.end();
  }
  if (!directory.startsWith('/')) return null;
  const socketUrl = new URL(url);
  socketUrl.searchParams.set('host', directory);
  const overSocket = new Client({ connectionString: socketUrl.toString() });
  try {
    await overSocket.connect();
    return directory;
  } catch {
    return null;
  } finally {
    await overSocket.end().catch(() => undefined);
  }
}

/** The services' connections to a database (their roles are mcp_<service>), and whether each came over a socket. */
async function serviceConnectionsTo(database: string): Promise<{ role: string; overSocket: boolean }[]> {
  const client = new Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string; over_socket: boolean }>(
      `SELECT usename AS role, client_addr IS NULL AS over_socket FROM pg_stat_activity WHERE datname = $1 AND usename LIKE 'mcp\\_%'`,
      [database],
    );
    return rows.map(({ role, over_socket }) => ({ role, overSocket: over_socket }));
  } finally {
    await client.end();
  }
}

async function stopPlatformServices(): Promise<void> {
  await runShell('source deploy/local/node-env.sh; source deploy/local/services.sh; for name in "${SERVICES[@]}" mail-catcher; do stop_service "$name"; done', 60_000);
}

describe('README.md command blocks', () => {
  it('are all claimed by this test (an unknown block fails it), and each claim finds its block', () => {
    const key = (block: { section: string; ordinal: number }) => `${block.section} #${block.ordinal}`;
    expect(blocks.map(key)).toEqual(CLAIMED.map(key));
  });

  describe('against a platform started by the README', () => {
    beforeAll(async () => {
      // A fresh platform: its own empty database, topics without another test's events, no service left from a stopped run.
      await stopPlatformServices();
      await dropPlatformDatabase();
      await resetTopics();
    }, 120_000);

    afterAll(async () => {
      // Only what `npm run up` started for this platform: the broker, clamd and Keycloak are the harness's.
      await stopPlatformServices();
    }, 120_000);

    it('"The two commands": `npm run up` starts the platform; `npm test` is what CI runs (not run here: this test is part of it)', async () => {
      const block = blockOf('The two commands');
      const lines = block.text.split('\n').map((line) => line.replace(/\s+#.*$/, ''));
      expect(lines).toEqual(['npm run up', 'npm test']);
      // Running `npm test` inside `npm test` would recurse without end; instead: it is exactly the command CI runs, and it runs this file.
      expect(JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')).scripts.test).toBe('bash deploy/local/test.sh');
      expect(readFileSync(join(repositoryRoot, '.ci/run'), 'utf8').trim().split('\n').at(-1)).toBe('npm test');
      expect(readFileSync(join(repositoryRoot, 'deploy/local/test.sh'), 'utf8')).toMatch(/^jest -c jest\.integration\.config\.js --ci$/m);

      // ~4 minutes from nothing on a quiet 2-core machine, ~30 s once built; 16 minutes measured with
      // eight test runs sharing the machine (load 50), hence the generous limit.
      const output = await runBlock({ ...block, text: block.text.split('\n')[0] }, 1_800_000);
      expect(output).toContain('MCP platform is running.');
      for (const { name, port } of serviceCatalogue) {
        expect(output).toContain(`http://127.0.0.1:${servicePort(port)}`);
        const ready = await fetch(`http://127.0.0.1:${servicePort(port)}/health/ready`);
        expect([name, ready.status]).toEqual([name, 200]);
      }
      // Co-located with Postgres, the services talk to it over its Unix socket when it lets them in
      // there (docs/decisions.md #109), else over TCP: every service's connection says which.
      const socketDirectory = await localSocketAccepting(platformDatabaseUrl);
      const connections = await serviceConnectionsTo(platformDatabase);
      expect(connections.length).toBeGreaterThanOrEqual(serviceCatalogue.length);
      expect(connections.filter(({ overSocket }) => overSocket !== (socketDirectory !== null))).toEqual([]);
      if (socketDirectory) expect(output).toContain(`?host=${socketDirectory}`);
    }, 1_860_000);

    it('"Try the flow by hand": the score total is 1.33 and bad input gets its documented 404 and 403', async () => {
      const output = await runBlock(blockOf('Try the flow by hand'));
      expect(output).toMatch(/"pemdaCode":"32\.73"/);
      expect(output).toMatch(/\{"decisionId":"[0-9a-f-]{36}","sequence":1,"kind":"first"\}/);
      expect(output).toMatch(/"total":1\.33\b/);
      expect(output).toMatch(/"totalExact":"?1\.33306668/);
      expect(output).toMatch(/\{"statusCode":404,"error":"UNKNOWN_PEMDA","message":"Pemda 99\.99 tidak dikenal \(unknown Pemda\)"/);
      // Nest's own ForbiddenException puts statusCode last: {"message":…,"error":"Forbidden","statusCode":403}.
      expect(output).toMatch(/"error":"Forbidden","statusCode":403\}/);
    }, 200_000);

    it('"Commands beyond the two": every CLI exits 0 on the platform after the flow', async () => {
      const output = await runBlock(blockOf('Commands beyond the two'), 400_000);
      expect(output).toMatch(/Rantai audit utuh/);
    }, 420_000);

    it('Kafka debugging: the console consumer prints the flow\'s verified event and stops by itself', async () => {
      const output = await runBlock(blockOf('Kafka credentials: debugging with admin, running a CLI as its service'), 60_000);
      expect(output).toContain('ce_source:/mcp/verification');
      expect(output).toMatch(/Processed a total of 1 messages/);
    }, 90_000);

    it('"Running with Docker": the compose file is valid (no Docker engine here), and the token commands work against Keycloak', async () => {
      // No Docker engine on the machines this runs on: `docker compose up --build` is checked as far as it can be, the file it reads against the Compose Specification.
      expect(blockOf('Running with Docker', 1).text).toBe('docker compose up --build');
      const compose = await runShell('node deploy/check-deployment-files.mjs', 120_000);
      expect([compose.code, compose.output]).toEqual([0, expect.stringContaining('docker-compose.yml')]);
      // The token block runs for real: the test Keycloak has the same realm as the compose file's.
      const output = await runBlock(blockOf('Running with Docker', 2), 60_000);
      expect(output).toMatch(/"total":1\.33\b/);
      expect(output).not.toMatch(/"statusCode":40[13]/);
    }, 200_000);
  });
});
