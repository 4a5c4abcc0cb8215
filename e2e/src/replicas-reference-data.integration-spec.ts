import { exampleFrameworkFor, testToken, waitFor } from '@mcp/testing';
import request from 'supertest';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Two replicas of verification and of submissions share one database and one consumer group: only
 * one of each consumes mcp.framework.published.v1 and stores the revision, yet both must enforce
 * it at once. Each replica first caches the year's state (no framework, then revision 1); a new
 * revision must replace what every replica cached (the change notice of libs/reference-data).
 * Year 2094 holds copies of the 2024 example, so nothing else in the suite collides with it.
 */
const YEAR = 2094;
const BANDUNG = '32.73';
const REPLICAS = [0, 1];

const platform = new PlatformUnderTest();
let admin: string;
let operator: string;
let verifier: string;

function frameworkWithSteps(steps: number[]) {
  return exampleFrameworkFor(YEAR, (framework) => {
    for (const indicator of framework.areas[0].indicators) {
      for (const subIndicator of indicator.subIndicators) {
        if ('rubricSteps' in subIndicator) subIndicator.rubricSteps = steps;
      }
    }
  });
}

async function importAndPublish(document: object): Promise<void> {
  const imported = await request(platform.http('scoring') as never)
    .post('/v1/frameworks/import')
    .set('Authorization', `Bearer ${admin}`)
    .send(document);
  expect(imported.status).toBe(201);
  const published = await request(platform.http('scoring') as never)
    .post(`/v1/frameworks/${YEAR}/revisions/${imported.body.revision}/publish`)
    .set('Authorization', `Bearer ${admin}`);
  expect(published.status).toBe(200);
}

function upload(replica: number, subIndicatorCode: string) {
  return request(platform.http('submissions', replica) as never)
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .field('pemdaCode', BANDUNG)
    .field('year', String(YEAR))
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', Buffer.from(`%PDF-1.7 bukti ${subIndicatorCode} replika ${replica}`), `SK ${subIndicatorCode}.pdf`);
}

async function claimOn(replica: number): Promise<string> {
  return waitFor(`a ${YEAR} task claimable on verification replica ${replica}`, async () => {
    const response = await request(platform.http('verification', replica) as never)
      .post('/v1/tasks/claim')
      .set('Authorization', `Bearer ${verifier}`);
    return response.status === 200 ? (response.body.id as string) : undefined;
  });
}

function approve(replica: number, taskId: string, verifiedValue: number) {
  return request(platform.http('verification', replica) as never)
    .post(`/v1/tasks/${taskId}/decision`)
    .set('Authorization', `Bearer ${verifier}`)
    .send({ outcome: 'approved', verifiedValue });
}

beforeAll(async () => {
  await platform.prepare();
  await platform.start('scoring');
  for (const replica of REPLICAS) {
    await platform.start('submissions', replica);
    await platform.start('verification', replica);
  }
  admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: BANDUNG });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
}, 180_000);

afterAll(async () => {
  await platform.stopAll();
});

it('makes both replicas of submissions and of verification enforce a newly published revision', async () => {
  // Both submissions replicas know (and cache) that the year has no framework yet.
  for (const replica of REPLICAS) {
    const refused = await upload(replica, 'PRC.1.1');
    expect([refused.status, refused.body.error]).toEqual([404, 'UNKNOWN_FRAMEWORK_YEAR']);
  }

  await importAndPublish(frameworkWithSteps([0, 50, 100]));
  for (const [replica, subIndicatorCode] of [[0, 'PRC.1.1'], [1, 'PRC.1.2']] as const) {
    await waitFor(`submissions replica ${replica} to accept ${YEAR} uploads`, async () => {
      const response = await upload(replica, subIndicatorCode);
      return response.status === 201 ? true : undefined;
    });
  }

  // Each verification replica claims a task and caches revision 1 by refusing a value it lacks.
  const taskOn: string[] = [];
  for (const replica of REPLICAS) {
    const taskId = await claimOn(replica);
    taskOn[replica] = taskId;
    const refused = await approve(replica, taskId, 37);
    expect(refused.status).toBe(422);
  }

  await importAndPublish(frameworkWithSteps([0, 37, 100]));
  for (const replica of REPLICAS) {
    await waitFor(`verification replica ${replica} to accept the new rubric step`, async () => {
      const response = await approve(replica, taskOn[replica], 37);
      return response.status === 201 || response.status === 200 ? true : undefined;
    });
  }
});
