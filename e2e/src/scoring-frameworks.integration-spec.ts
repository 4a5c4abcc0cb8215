import {
  createEvent,
  eventSourceOf,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  exampleEvidenceSubmitted,
  exampleEvidenceWithdrawn,
  type EvidenceVerifiedV1,
} from '@mcp/contracts';
import { exampleFrameworkFor, publishEvents, queryTestDatabase, testDatabaseUrl, testToken, waitFor } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { recomputeYear } from '../../services/scoring/src/recompute/recompute-year';
import { PlatformUnderTest } from './platform-under-test';

/*
 * A framework published in the scoring service reaches every service's own copy through
 * mcp.framework.published.v1; a corrected revision re-scores the year and the reporting read model
 * follows; the recompute run at the end finds no difference. Year 2093 holds copies of the 2024
 * example (deadline moved to 2093), so the hand computations are the 2024 ones:
 *   r1: PRC.1.1 = 100 → 12 × (33.33 × 33.33 / 100) / 100 = 1.33306668
 *   r2 (PRC weighs 13, ANG 12): 13 × 11.108889 / 100 = 1.44415557
 */
const YEAR = 2093;
const BANDUNG = '32.73';
const SERVICES_WITH_FRAMEWORKS = ['submissions', 'verification', 'scoring', 'reporting'];

const platform = new PlatformUnderTest();
let admin: string;

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
}, 180_000);

afterAll(async () => {
  await platform.stopAll();
});

function frameworkOf(weights: { prc: number; ang: number }) {
  return exampleFrameworkFor(YEAR, (framework) => {
    framework.areas[0].weight = weights.prc;
    framework.areas[1].weight = weights.ang;
  });
}

async function importAndPublish(document: object, year = YEAR): Promise<number> {
  const imported = await request(platform.http('scoring') as never)
    .post('/v1/frameworks/import')
    .set('Authorization', `Bearer ${admin}`)
    .send(document);
  expect(imported.status).toBe(201);
  const published = await request(platform.http('scoring') as never)
    .post(`/v1/frameworks/${year}/revisions/${imported.body.revision}/publish`)
    .set('Authorization', `Bearer ${admin}`);
  expect(published.status).toBe(200);
  return imported.body.revision;
}

/** A draft of the year's framework without PRC.2.2 (PRC.2.1 takes its weight). */
function importWithoutPrc22(year: number) {
  return request(platform.http('scoring') as never)
    .post('/v1/frameworks/import')
    .set('Authorization', `Bearer ${admin}`)
    .send(
      exampleFrameworkFor(year, (framework) => {
        const indicator = framework.areas[0].indicators[1];
        indicator.subIndicators = [{ ...indicator.subIndicators[0], weight: 100 }];
      }),
    );
}

function storedRevisions(schema: string, year = YEAR): Promise<{ revision: number }[]> {
  return queryTestDatabase(`SELECT revision FROM "${schema}".framework WHERE year = $1 ORDER BY revision`, [year]);
}

async function reportOf(): Promise<{ total: string; framework_revision: number } | undefined> {
  const [row] = await queryTestDatabase<{ total: string; framework_revision: number }>(
    `SELECT total::text, framework_revision FROM reporting.pemda_report WHERE pemda_code = $1 AND year = $2`,
    [BANDUNG, YEAR],
  );
  return row;
}

it('gives every service its own copy of a published framework', async () => {
  const revision = await importAndPublish(frameworkOf({ prc: 12, ang: 13 }));
  for (const schema of SERVICES_WITH_FRAMEWORKS) {
    const rows = await waitFor(`${schema} to store ${YEAR} r${revision}`, async () => {
      const stored = await storedRevisions(schema);
      return stored.length === 1 ? stored : undefined;
    });
    expect(rows).toEqual([{ revision }]);
    const [inbox] = await queryTestDatabase<{ count: string }>(
      `SELECT count(*) FROM "${schema}".inbox WHERE consumer = $1`,
      [`${schema}.frameworks`],
    );
    expect(Number(inbox.count)).toBe(1);
  }
});

it('scores against it, re-scores the year on a corrected revision, and reporting follows', async () => {
  const data: EvidenceVerifiedV1 = {
    decisionId: randomUUID(),
    taskId: randomUUID(),
    sequence: 1,
    pemdaCode: BANDUNG,
    provinceCode: '32',
    year: YEAR,
    subIndicatorCode: 'PRC.1.1',
    outcome: 'approved',
    verifiedValue: 100,
    claimedValue: 100,
    reason: null,
    evidenceIds: [randomUUID()],
    decidedBy: 'verifier-e2e',
    decidedAt: new Date().toISOString(),
  };
  await publishEvents(EvidenceVerified, createEvent(EvidenceVerified, data, eventSourceOf(EvidenceVerified)));
  await waitFor('the report at 1.33306668', async () => (await reportOf())?.total === '1.33306668');

  const revision = await importAndPublish(frameworkOf({ prc: 13, ang: 12 }));
  for (const schema of SERVICES_WITH_FRAMEWORKS) {
    await waitFor(`${schema} to store r${revision}`, async () => (await storedRevisions(schema)).length === 2);
  }
  const report = await waitFor('the re-scored report', async () => {
    const row = await reportOf();
    return row?.framework_revision === revision ? row : undefined;
  });
  expect(report.total).toBe('1.44415557');
});

it('recomputes the year from the stored decisions with zero differences', async () => {
  const dataSource = new DataSource({ type: 'postgres', url: testDatabaseUrl, schema: 'scoring' });
  await dataSource.initialize();
  try {
    const report = await recomputeYear(dataSource, YEAR);
    expect(report).toMatchObject({ decisionsRead: 1, differences: [] });
    for (const year of [2020, 2024, 2025]) expect((await recomputeYear(dataSource, year)).differences).toEqual([]);
  } finally {
    await dataSource.destroy();
  }
});

it('cancels the unfinished tasks of a sub-indicator a published revision drops, and records a late upload on it without queueing it', async () => {
  // docs/decisions.md #166: before, such tasks stayed in the queue for good (a verdict was refused
  // with 404) and an upload still in flight was dead-lettered by verification's intake.
  const year = YEAR + 1;
  const first = await importAndPublish(exampleFrameworkFor(year), year);
  await waitFor(`verification to store ${year} r${first}`, async () => (await storedRevisions('verification', year)).length === 1 || undefined);
  const upload = async (pemdaCode: string, subIndicatorCode: string) => {
    const evidenceId = randomUUID();
    await publishEvents(
      EvidenceSubmitted,
      createEvent(
        EvidenceSubmitted,
        exampleEvidenceSubmitted({ evidenceId, pemdaCode, provinceCode: pemdaCode.slice(0, 2), year, subIndicatorCode, submittedAt: new Date().toISOString() }),
        eventSourceOf(EvidenceSubmitted),
      ),
    );
    return evidenceId;
  };
  const tasksOf = (pemdaCode: string) =>
    queryTestDatabase<{ id: string; sub_indicator_code: string; status: string }>(
      `SELECT id, sub_indicator_code, status FROM verification.task WHERE year = $1 AND pemda_code = $2 ORDER BY sub_indicator_code`,
      [year, pemdaCode],
    );
  await upload(BANDUNG, 'PRC.2.1');
  await upload(BANDUNG, 'PRC.2.2');
  const opened = await waitFor('two open tasks', async () => {
    const rows = await tasksOf(BANDUNG);
    return rows.filter((task) => task.status === 'open').length === 2 ? rows : undefined;
  });
  // A verifier holds the PRC.2.2 task when the revision drops it: they are told it is gone (#197).
  const given = await request(platform.http('verification') as never)
    .post(`/v1/tasks/${opened[1].id}/reassign`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ verifier: 'verifier-jabar' });
  expect([given.status, given.body.subIndicatorCode]).toEqual([200, 'PRC.2.2']);
  // Bandung's operator, filed with notification: told that the upload no longer waits (#199).
  await request(platform.http('notification') as never)
    .put('/v1/recipients/operator-bandung-frameworks')
    .set('Authorization', `Bearer ${admin}`)
    .send({ role: 'pemda-operator', pemdaCode: BANDUNG, email: 'operator@bandung.go.id' })
    .expect(200);

  const dropping = await importWithoutPrc22(year);
  expect([dropping.status, dropping.body.removedSubIndicators]).toEqual([201, ['PRC.2.2']]);
  const second: number = dropping.body.revision;
  const publishSecond = (confirmRemovedSubIndicators?: string[]) =>
    request(platform.http('scoring') as never)
      .post(`/v1/frameworks/${year}/revisions/${second}/publish`)
      .set('Authorization', `Bearer ${admin}`)
      .send(confirmRemovedSubIndicators ? { confirmRemovedSubIndicators } : {});
  // Nothing changes until the admin names exactly what the revision drops.
  for (const confirmation of [undefined, ['PRC.2.1']]) {
    const refused = await publishSecond(confirmation);
    expect([refused.status, refused.body.error, refused.body.details]).toEqual([409, 'SUB_INDICATORS_REMOVED', { removedSubIndicators: ['PRC.2.2'] }]);
  }
  expect((await publishSecond(['PRC.2.2'])).status).toBe(200);
  const tasks = await waitFor('the dropped sub-indicator\'s task to leave the queue', async () => {
    const rows = await tasksOf(BANDUNG);
    return rows.find((task) => task.sub_indicator_code === 'PRC.2.2')?.status === 'cancelled' ? rows : undefined;
  });
  expect(tasks.map((task) => [task.sub_indicator_code, task.status])).toEqual([
    ['PRC.2.1', 'open'],
    ['PRC.2.2', 'cancelled'],
  ]);
  const history = await queryTestDatabase<{ kind: string; detail: unknown }>(
    `SELECT kind, detail FROM verification.task_history WHERE task_id = $1 ORDER BY at, kind`,
    [tasks[1].id],
  );
  expect(history).toEqual([
    { kind: 'evidence_added', detail: expect.anything() },
    { kind: 'reassigned', detail: expect.anything() },
    { kind: 'cancelled', detail: { because: 'sub-indicator removed', revision: second, holder: 'verifier-jabar' } },
  ]);
  const told = await waitFor('the holder to be told the task is cancelled', async () => {
    const [notice] = await queryTestDatabase<{ subject: string; body: string }>(
      `SELECT payload->>'title' AS subject, payload->>'body' AS body FROM notification.delivery WHERE kind = 'task.cancelled' AND recipient_key = 'verifier-jabar' AND channel = 'in_app'`,
    );
    return notice;
  });
  expect(told.subject).toBe('Tugas verifikasi dibatalkan: PRC.2.2 (Kota Bandung, 32.73)');
  expect(told.body).toContain(`revisi ${second} yang baru diterbitkan tidak lagi memuat sub-indikator ini`);
  const pemdaTold = await waitFor('the Pemda to be told its upload no longer waits', async () => {
    const notices = await queryTestDatabase<{ channel: string; subject: string }>(
      `SELECT channel, payload->>'title' AS subject FROM notification.delivery
        WHERE kind = 'sub_indicator.removed' AND recipient_key = 'operator-bandung-frameworks' ORDER BY channel`,
    );
    return notices.length === 2 ? notices : undefined;
  });
  expect(pemdaTold).toEqual([
    { channel: 'email', subject: null },
    { channel: 'in_app', subject: 'Sub-indikator dihapus dari kerangka: PRC.2.2 (Kota Bandung, 32.73)' },
  ]);
  // A verifier still looking at it is told why a verdict is refused, not "you do not hold it".
  const verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  const refused = await request(platform.http('verification') as never)
    .post(`/v1/tasks/${tasks[1].id}/decision`)
    .set('Authorization', `Bearer ${verifier}`)
    .send({ outcome: 'approved', verifiedValue: 100, evidenceChangedAt: new Date().toISOString() });
  expect([refused.status, refused.body.error]).toEqual([409, 'SUB_INDICATOR_REMOVED']);

  // Submissions may accept one more upload on the dropped code before its own copy has the revision.
  const cimahi = '32.77';
  await upload(cimahi, 'PRC.2.2');
  const late = await waitFor('the late upload recorded', async () => (await tasksOf(cimahi))[0]);
  expect(late.status).toBe('cancelled');
  // Another one on the same item joins that task rather than making a second.
  const secondLate = await upload(cimahi, 'PRC.2.2');
  await waitFor('the second late file on the same task', async () => {
    const [{ count }] = await queryTestDatabase<{ count: string }>(`SELECT count(*) FROM verification.task_evidence WHERE task_id = $1`, [late.id]);
    return Number(count) === 2 || undefined;
  });
  expect((await tasksOf(cimahi)).length).toBe(1);
  // Cimahi takes that second file back: recorded as kept on a cancelled task, not on a decided one (#202).
  await publishEvents(
    EvidenceWithdrawn,
    createEvent(
      EvidenceWithdrawn,
      exampleEvidenceWithdrawn({ evidenceId: secondLate, pemdaCode: cimahi, year, subIndicatorCode: 'PRC.2.2', withdrawnAt: new Date().toISOString() }),
      eventSourceOf(EvidenceWithdrawn),
    ),
  );
  const withdrawn = await waitFor('the withdrawal recorded', async () =>
    (await queryTestDatabase<{ outcome: string }>('SELECT outcome FROM verification.evidence_withdrawal WHERE evidence_id = $1', [secondLate]))[0],
  );
  expect(withdrawn.outcome).toBe('kept-cancelled');

  // The row was lost by mistake: a revision that has PRC.2.2 again puts both tasks back in the queue, files and all.
  await importAndPublish(exampleFrameworkFor(year), year);
  for (const pemdaCode of [BANDUNG, cimahi]) {
    const back = await waitFor(`${pemdaCode}'s PRC.2.2 task back in the queue`, async () => {
      const rows = await tasksOf(pemdaCode);
      const task = rows.find((row) => row.sub_indicator_code === 'PRC.2.2');
      return task?.status === 'open' ? task : undefined;
    });
    const [{ kind }] = await queryTestDatabase<{ kind: string }>(`SELECT kind FROM verification.task_history WHERE task_id = $1 ORDER BY id DESC LIMIT 1`, [back.id]);
    expect(kind).toBe('reinstated');
  }
  expect((await tasksOf(cimahi)).map((task) => task.id)).toEqual([late.id]);

  // Dropped again, then an upload arrives once verification holds a revision with the code but
  // before that revision's sweep ran (its copy is stored first, as the shared consumer does):
  // the intake itself puts the item's cancelled task back, with the new file.
  await request(platform.http('notification') as never)
    .put('/v1/recipients/operator-cimahi-frameworks')
    .set('Authorization', `Bearer ${admin}`)
    .send({ role: 'pemda-operator', pemdaCode: cimahi, email: 'operator@cimahikota.go.id' })
    .expect(200);
  const third = await importWithoutPrc22(year);
  const dropAgain = await request(platform.http('scoring') as never)
    .post(`/v1/frameworks/${year}/revisions/${third.body.revision}/publish`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ confirmRemovedSubIndicators: ['PRC.2.2'] });
  expect(dropAgain.status).toBe(200);
  await waitFor('Cimahi\'s task cancelled again', async () => (await tasksOf(cimahi))[0]?.status === 'cancelled' || undefined);
  // Nobody held it: the Pemda is told all the same, and no verifier (#199).
  await waitFor('Cimahi to be told its upload no longer waits', async () =>
    (await queryTestDatabase(`SELECT 1 FROM notification.delivery WHERE kind = 'sub_indicator.removed' AND recipient_key = 'operator-cimahi-frameworks' AND channel = 'in_app'`))[0],
  );
  expect(await queryTestDatabase(`SELECT recipient_key FROM notification.delivery WHERE kind = 'task.cancelled' AND pemda_code = $1`, [cimahi])).toEqual([]);
  const ahead = { ...exampleFrameworkFor(year), revision: 50 };
  await queryTestDatabase(`INSERT INTO verification.framework (year, revision, document) VALUES ($1, 50, $2)`, [year, JSON.stringify(ahead)]);
  await upload(cimahi, 'PRC.2.2');
  const reinstated = await waitFor('the upload to put the cancelled task back', async () => {
    const [task] = await tasksOf(cimahi);
    return task?.status === 'open' ? task : undefined;
  });
  expect(reinstated.id).toBe(late.id);
  const [{ files }] = await queryTestDatabase<{ files: string }>(`SELECT count(*) AS files FROM verification.task_evidence WHERE task_id = $1`, [late.id]);
  expect(Number(files)).toBe(3);
  const lastLines = await queryTestDatabase<{ kind: string; detail: unknown }>(
    `SELECT kind, detail FROM verification.task_history WHERE task_id = $1 AND kind = 'reinstated' ORDER BY id DESC LIMIT 1`,
    [late.id],
  );
  expect(lastLines).toEqual([{ kind: 'reinstated', detail: { revision: 50 } }]);
});
