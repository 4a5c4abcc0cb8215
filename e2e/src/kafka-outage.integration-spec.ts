import { queryTestDatabase, repositoryRoot, testKafkaPort, testToken, waitFor } from '@mcp/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Issue 13, "done when" 3 (second half): Kafka stops. The HTTP APIs keep answering, uploads keep
 * being accepted (their events wait in the outbox), readiness says "degraded" with 200, and a
 * service even starts while the broker is away. The broker comes back with the same data: the
 * backlog drains and verification queues the tasks, without restarting any service, including
 * the one that started during the outage (its consumer joined by itself). docs/decisions.md #72.
 * The broker is running again when this file ends, whatever happened, for the files after it.
 */
jest.setTimeout(600_000);

const PEMDA = '32.73';
const platform = new PlatformUnderTest();
let operator: string;
let verifier: string;

function kafkaScript(command: 'start' | 'stop' | 'status'): string {
  // The same script, ports and data folder as the global setup (libs/testing local-infrastructure.ts).
  return execFileSync('bash', [join(repositoryRoot, 'deploy/local/kafka/kafka.sh'), command], {
    env: {
      ...process.env,
      KAFKA_PORT: String(testKafkaPort),
      KAFKA_CONTROLLER_PORT: String(testKafkaPort + 1),
      MCP_LOCAL_DIR: join(repositoryRoot, '.local', `test-${testKafkaPort}`),
      // A JVM on a busy two-core machine can need more than the script's 90 s.
      KAFKA_START_TIMEOUT: process.env.KAFKA_START_TIMEOUT ?? '300',
    },
    encoding: 'utf8',
  });
}

function upload(subIndicatorCode: string) {
  return request(platform.http('submissions') as never)
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', Buffer.from(`%PDF-1.7 bukti ${subIndicatorCode}`), `SK ${subIndicatorCode}.pdf`);
}

async function uploaded(subIndicatorCode: string): Promise<string> {
  const response = await upload(subIndicatorCode);
  expect(response.status).toBe(201);
  return response.body.id;
}

async function queued(evidenceIds: string[]): Promise<number> {
  const rows = await queryTestDatabase('SELECT 1 FROM verification.task_evidence WHERE evidence_id = ANY($1::uuid[])', [evidenceIds]);
  return rows.length;
}

async function unpublished(): Promise<number> {
  const [row] = await queryTestDatabase<{ count: number }>('SELECT count(*)::int AS count FROM submissions.outbox WHERE published_at IS NULL');
  return row.count;
}

function readiness(name: string, replica = 0) {
  return request(platform.http(name, replica) as never).get('/health/ready');
}

beforeAll(async () => {
  await platform.prepare();
  await platform.start('submissions');
  await platform.start('verification');
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  // 2024's upload deadline has passed: an admin extends it for Kota Bandung first.
  const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  const extension = await request(platform.http('submissions') as never)
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji gangguan Kafka' });
  expect(extension.status).toBe(201);
}, 180_000);

afterAll(async () => {
  try {
    await platform.stopAll();
  } finally {
    // Whatever failed above, the next file needs its broker.
    kafkaScript('start');
  }
});

describe('Kafka stops while the platform serves', () => {
  it('keeps answering and accepting uploads, starts a service meanwhile, and drains the backlog when the broker returns', async () => {
    // Before: an upload reaches verification through Kafka, and both are plainly ready.
    const before = await uploaded('PRC.1.1');
    await waitFor('the first upload to be queued in verification', async () => (await queued([before])) === 1, { timeoutMs: 60_000 });
    expect((await readiness('submissions')).body).toEqual({ status: 'ready', postgres: 'up', kafka: 'up' });

    kafkaScript('stop');

    // Readiness: degraded, still 200 (Kubernetes keeps the replicas in service).
    const degraded = await readiness('submissions');
    expect(degraded.status).toBe(200);
    expect(degraded.body).toEqual({ status: 'degraded', postgres: 'up', kafka: 'down' });

    // A replica of verification starts while the broker is away, and serves.
    await platform.start('verification', 1);
    expect((await readiness('verification', 1)).body).toEqual({ status: 'degraded', postgres: 'up', kafka: 'down' });

    // Uploads are accepted; their events wait in the outbox.
    const during = [await uploaded('PRC.1.2'), await uploaded('PRC.2.1'), await uploaded('ANG.1.1')];
    expect(await unpublished()).toBeGreaterThanOrEqual(3);

    // Reads keep answering, from both services.
    const read = await request(platform.http('submissions') as never)
      .get(`/v1/evidence/${during[0]}`)
      .set('Authorization', `Bearer ${operator}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: during[0], subIndicatorCode: 'PRC.1.2' });
    const reasons = await request(platform.http('verification', 1) as never)
      .get('/v1/rejection-reasons')
      .set('Authorization', `Bearer ${verifier}`);
    expect(reasons.status).toBe(200);

    // The outage lasts long enough for the relay to fail a send and the consumers to lose the group.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await queued(during)).toBe(0);
    expect(await unpublished()).toBeGreaterThanOrEqual(3);

    kafkaScript('start');

    // No service restarted: the relay publishes the backlog and verification queues every upload.
    await waitFor('the outbox backlog to drain', async () => (await unpublished()) === 0, { timeoutMs: 120_000, intervalMs: 500 });
    await waitFor('every upload made during the outage to be queued', async () => (await queued(during)) === during.length, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    expect((await readiness('submissions')).body).toEqual({ status: 'ready', postgres: 'up', kafka: 'up' });

    // The replica that started during the outage consumes on its own once the first one is gone.
    await platform.stop('verification', 0);
    const after = await uploaded('ANG.1.2');
    await waitFor('an upload after the outage to be queued by the replica started during it', async () => (await queued([after])) === 1, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
  });
});
