import { queryTestDatabase, testToken, waitFor } from '@mcp/testing';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { EvidenceScans } from '../../services/submissions/src/evidence/evidence-scans';
import { holdNextCall } from './held-call';
import { PlatformUnderTest } from './platform-under-test';

/*
 * OPD accounts (issue 15; docs/decisions.md #68) on the real submissions service, Postgres and
 * broker: the Pemda admin assigns operators to an OPD and areas, an operator limited to one area is
 * refused an upload for another, and a handover moves the departing operator's open items, areas
 * and PIC to a colleague at once (the tokens do not change), with the history and the audit trail
 * saying who did it and when.
 */
const PEMDA = '32.73';
const platform = new PlatformUnderTest();
const tokens: Record<string, string> = {};
// The audit log outlives the schemas a run drops: only this run's rows count.
const startedAt = new Date();

beforeAll(async () => {
  await platform.prepare();
  await platform.start('submissions');
  await platform.start('verification');
  for (const subject of ['operator-bpkad-lama', 'operator-inspektorat', 'operator-tanpa-opd']) {
    tokens[subject] = await testToken({ role: 'pemda-operator', subject, pemdaCode: PEMDA });
  }
  tokens.admin = await testToken({ role: 'pemda-admin', subject: 'admin-pemda-bandung', pemdaCode: PEMDA });
  tokens.otherAdmin = await testToken({ role: 'pemda-admin', subject: 'admin-pemda-bogor', pemdaCode: '32.01' });
  const kpk = await testToken({ role: 'admin', subject: 'admin-kpk' });
  // 2024's deadline has passed: extend it for this Pemda first.
  const extension = await api()
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${kpk}`)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji akun OPD' });
  expect(extension.status).toBe(201);
}, 240_000);

afterAll(async () => {
  await platform.stopAll();
});

function api() {
  return request(platform.http('submissions') as never);
}

function upload(subject: string, subIndicatorCode: string) {
  return api()
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${tokens[subject]}`)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', Buffer.from(`%PDF-1.7\n${subject} ${subIndicatorCode}\n`), 'dokumen.pdf');
}

function assign(subject: string, body: object, as = tokens.admin) {
  return api().put(`/v1/pemda/${PEMDA}/operator-assignments/${subject}`).set('Authorization', `Bearer ${as}`).send(body);
}

/** The departing operator's finished item: uploaded, then approved by a verifier of the Pemda's wilayah. */
async function approvedItemOf(subject: string, subIndicatorCode: string): Promise<void> {
  expect((await upload(subject, subIndicatorCode)).status).toBe(201);
  const verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  const task = await waitFor('the task to claim', async () => {
    const response = await request(platform.http('verification') as never).post('/v1/tasks/claim').set('Authorization', `Bearer ${verifier}`);
    return response.status === 200 ? response.body : undefined;
  });
  const decision = await request(platform.http('verification') as never)
    .post(`/v1/tasks/${task.id}/decision`)
    .set('Authorization', `Bearer ${verifier}`)
    .send({ outcome: 'approved', verifiedValue: 100 });
  expect(decision.status).toBe(201);
  await waitFor('submissions to see the approval', async () => {
    const response = await api().get(`/v1/pemda/${PEMDA}/submissions/2024/${subIndicatorCode}`).set('Authorization', `Bearer ${tokens.admin}`);
    return response.body.item?.status === 'approved';
  });
}

it('an operator limited to one area is refused an upload for another; a handover moves open items and the history shows it', async () => {
  // No assignments yet: the Pemda's accounts work on everything, as before. The BPKAD operator
  // finishes one item (approved): a handover must leave it where it is.
  await approvedItemOf('operator-bpkad-lama', 'ANG.2.1');
  expect((await upload('operator-tanpa-opd', 'PRC.1.1')).status).toBe(201);

  const bpkad = { operatorName: 'Budi (BPKAD)', opdName: 'BPKAD', areaCodes: ['ANG'], indicatorCodes: [], picAreaCodes: ['ANG'] };
  expect((await assign('operator-bpkad-lama', bpkad, tokens.otherAdmin)).status).toBe(403);
  expect((await assign('operator-bpkad-lama', bpkad, tokens['operator-inspektorat'])).status).toBe(403);
  const assigned = await assign('operator-bpkad-lama', bpkad);
  expect(assigned.status).toBe(200);
  expect(assigned.body).toMatchObject({ opdName: 'BPKAD', areaCodes: ['ANG'], picAreaCodes: ['ANG'], assignedBy: 'admin-pemda-bandung' });
  expect(
    (await assign('operator-inspektorat', { opdName: 'Inspektorat', areaCodes: ['APIP'], indicatorCodes: ['PBJ.1'], picAreaCodes: [] })).status,
  ).toBe(200);

  // Limited to ANG: another area is refused, in Indonesian, before a byte is stored.
  expect((await upload('operator-bpkad-lama', 'ANG.1.1')).status).toBe(201);
  const outside = await upload('operator-bpkad-lama', 'PBJ.1.1');
  expect(outside.status).toBe(403);
  expect(outside.body).toMatchObject({ error: 'OUTSIDE_OPERATOR_ASSIGNMENT' });
  expect(outside.body.message).toContain('di luar penugasan Anda untuk BPKAD');
  // A clarification's attachment too: the OPD answers for its own items, and the Pemda's quota is not spent on others.
  const attachment = (subIndicatorCode: string) =>
    api()
      .post('/v1/clarification-attachments')
      .set('Authorization', `Bearer ${tokens['operator-bpkad-lama']}`)
      .field('pemdaCode', PEMDA)
      .field('year', '2024')
      .field('subIndicatorCode', subIndicatorCode)
      .attach('file', Buffer.from('%PDF-1.7\nlampiran\n%%EOF\n'), { filename: 'lampiran.pdf', contentType: 'application/pdf' });
  expect((await attachment('PBJ.1.1')).body).toMatchObject({ error: 'OUTSIDE_OPERATOR_ASSIGNMENT' });
  expect((await attachment('ANG.1.1')).status).toBe(201);
  // An indicator alone is enough; its neighbours in the same area are not.
  const ofInspektorat = await upload('operator-inspektorat', 'PBJ.1.1');
  expect(ofInspektorat.status).toBe(201);
  expect((await upload('operator-inspektorat', 'PBJ.2.1')).status).toBe(403);
  // Once the Pemda has OPD accounts, an operator without an assignment is refused; its admin is not limited.
  const unassigned = await upload('operator-tanpa-opd', 'PRC.1.2');
  expect(unassigned.status).toBe(403);
  expect(unassigned.body).toMatchObject({ error: 'OPERATOR_NOT_ASSIGNED' });
  expect((await upload('admin', 'PRC.1.2')).status).toBe(201);
  // The claim route is held to the same assignment.
  const claim = await api()
    .put(`/v1/pemda/${PEMDA}/submissions/2024/PBJ.1.1/claim`)
    .set('Authorization', `Bearer ${tokens['operator-bpkad-lama']}`)
    .send({ claimedValue: 50 });
  expect(claim.status).toBe(403);
  // So is a withdrawal: BPKAD cannot pull another OPD's file (checked under the item's lock, #215).
  const pulled = await api().post(`/v1/evidence/${ofInspektorat.body.id}/withdrawal`).set('Authorization', `Bearer ${tokens['operator-bpkad-lama']}`).send({});
  expect([pulled.status, pulled.body.error]).toEqual([403, 'OUTSIDE_OPERATOR_ASSIGNMENT']);

  // The departing BPKAD operator holds an open item; the assignment cannot just be deleted.
  const removal = await api().delete(`/v1/pemda/${PEMDA}/operator-assignments/operator-bpkad-lama`).set('Authorization', `Bearer ${tokens.admin}`);
  expect(removal.status).toBe(409);
  expect(removal.body).toMatchObject({ error: 'OPEN_ITEMS_NEED_HANDOVER' });

  expect((await upload('operator-inspektorat', 'ANG.1.2')).status).toBe(403);
  const handover = await api()
    .post(`/v1/pemda/${PEMDA}/operator-handovers`)
    .set('Authorization', `Bearer ${tokens.admin}`)
    .send({ fromSubject: 'operator-bpkad-lama', toSubject: 'operator-inspektorat', reason: 'Mutasi ke Dinas Pendidikan' });
  expect(handover.status).toBe(201);
  expect(handover.body).toMatchObject({
    fromSubject: 'operator-bpkad-lama',
    toSubject: 'operator-inspektorat',
    movedItems: ['2024/ANG.1.1'],
    handedOverBy: 'admin-pemda-bandung',
    recipient: { areaCodes: ['ANG', 'APIP'], indicatorCodes: ['PBJ.1'], picAreaCodes: ['ANG'], openItemCount: 2 },
  });

  // At once, with the same tokens: the departing operator is out, the recipient works on ANG.
  expect((await upload('operator-bpkad-lama', 'ANG.1.2')).body).toMatchObject({ error: 'OPERATOR_NOT_ASSIGNED' });
  expect((await upload('operator-inspektorat', 'ANG.1.2')).status).toBe(201);

  const list = await api().get(`/v1/pemda/${PEMDA}/operator-assignments`).set('Authorization', `Bearer ${tokens['operator-inspektorat']}`);
  expect(list.status).toBe(200);
  expect(list.body.picByArea).toEqual({ ANG: 'operator-inspektorat' });
  expect(list.body.operators.map((operator: { operatorSubject: string; openItemCount: number }) => [operator.operatorSubject, operator.openItemCount])).toEqual([
    ['operator-inspektorat', 3],
  ]);

  const history = await api().get(`/v1/pemda/${PEMDA}/operator-assignments/history`).set('Authorization', `Bearer ${tokens.admin}`);
  expect(history.status).toBe(200);
  expect(history.body.map((entry: { kind: string; operatorSubject: string }) => [entry.kind, entry.operatorSubject])).toEqual([
    ['assigned', 'operator-bpkad-lama'],
    ['assigned', 'operator-inspektorat'],
    ['handed_over', 'operator-bpkad-lama'],
  ]);
  expect(history.body[2]).toMatchObject({
    toSubject: 'operator-inspektorat',
    actor: 'admin-pemda-bandung',
    details: { movedItems: ['2024/ANG.1.1'], reason: 'Mutasi ke Dinas Pendidikan' },
    occurredAt: handover.body.handedOverAt,
  });
  expect((await api().get(`/v1/pemda/${PEMDA}/operator-assignments/history`).set('Authorization', `Bearer ${tokens['operator-inspektorat']}`)).status).toBe(403);

  // Each change announced the Pemda's whole set, numbered by its history entry (#137); verification
  // holds the latest, with what the check needs and no more.
  const announced = await queryTestDatabase<{ event: { data: { revision: number; change: string; operators: { operatorSubject: string }[] } } }>(
    `SELECT event FROM submissions.outbox WHERE topic = 'mcp.operator.assignments-changed.v1' AND message_key = $1 ORDER BY seq`,
    [PEMDA],
  );
  expect(announced.map(({ event }) => [event.data.change, event.data.operators.map((operator) => operator.operatorSubject)])).toEqual([
    ['assigned', ['operator-bpkad-lama']],
    ['assigned', ['operator-bpkad-lama', 'operator-inspektorat']],
    ['handed_over', ['operator-inspektorat']],
  ]);
  expect(announced.map(({ event }) => event.data.revision)).toEqual(history.body.map((entry: { id: string }) => Number(entry.id)));
  await waitFor('verification to hold the latest set', async () => {
    const [row] = await queryTestDatabase<{ revision: string; operators: unknown }>(
      'SELECT revision, operators FROM verification.pemda_operator_assignments WHERE pemda_code = $1',
      [PEMDA],
    );
    return row?.revision === history.body[2].id && row;
  });
  const [held] = await queryTestDatabase<{ operators: unknown }>('SELECT operators FROM verification.pemda_operator_assignments WHERE pemda_code = $1', [PEMDA]);
  expect(held.operators).toEqual([{ operatorSubject: 'operator-inspektorat', opdName: 'Inspektorat', areaCodes: ['ANG', 'APIP'], indicatorCodes: ['PBJ.1'], picAreaCodes: ['ANG'] }]);

  // A Pemda whose last change went unannounced (set up before the event existed, or changed by an
  // older replica during the rollout) is announced by the sweep every replica runs at start-up.
  await queryTestDatabase('DELETE FROM submissions.operator_assignment_announced WHERE pemda_code = $1', [PEMDA]);
  await platform.start('submissions', 1);
  try {
    const [sweep] = await waitFor('the sweep to announce the set', () =>
      queryTestDatabase<{ event: { source: string; data: Record<string, unknown> } }>(
        `SELECT event FROM submissions.outbox WHERE topic = 'mcp.operator.assignments-changed.v1' AND message_key = $1 AND event->'data'->>'change' = 'announced'`,
        [PEMDA],
      ).then((rows) => rows.length > 0 && rows),
    );
    expect(sweep.event).toMatchObject({ source: '/mcp/submissions', data: { revision: Number(history.body[2].id), changedBy: 'submissions', operators: held.operators } });
  } finally {
    await platform.stop('submissions', 1);
  }

  const audit = await queryTestDatabase<{ action: string; actor_subject: string; pemda_code: string }>(
    `SELECT action, actor_subject, pemda_code FROM audit.entry WHERE action LIKE 'operator.%' AND pemda_code = $1 AND occurred_at >= $2 ORDER BY sequence`,
    [PEMDA, startedAt],
  );
  expect(audit.map((row) => [row.action, row.actor_subject])).toEqual([
    ['operator.assigned', 'admin-pemda-bandung'],
    ['operator.assigned', 'admin-pemda-bandung'],
    ['operator.handed-over', 'admin-pemda-bandung'],
  ]);
}, 120_000);

/** An operator of `opdName` limited to Perencanaan (PRC), signed in; returns the assignment to change it. */
async function operatorOfPerencanaan(subject: string, opdName: string) {
  tokens[subject] = await testToken({ role: 'pemda-operator', subject, pemdaCode: PEMDA });
  const assignment = { opdName, areaCodes: ['PRC'], indicatorCodes: [], picAreaCodes: [] };
  expect((await assign(subject, assignment)).status).toBe(200);
  return assignment;
}

/** Objects being written or refused and not yet removed (their pending_upload markers). */
const pending = async () => Number((await queryTestDatabase<{ n: string }>(`SELECT count(*) AS n FROM submissions.pending_upload`))[0].n);

it('refuses a clarification attachment whose operator loses the item while the file is scanned, keeping nothing of it (#218)', async () => {
  const hukum = await operatorOfPerencanaan('operator-hukum', 'Bagian Hukum');
  const pendingBefore = await pending();
  // The real scan, held at a gate: the Pemda admin moves the operator while it runs.
  const scan = holdNextCall(platform.app('submissions').get(EvidenceScans), 'requireCleanUpload');
  try {
    const answer = api()
      .post('/v1/clarification-attachments')
      .set('Authorization', `Bearer ${tokens['operator-hukum']}`)
      .field('pemdaCode', PEMDA)
      .field('year', '2024')
      .field('subIndicatorCode', 'PRC.3.1')
      .attach('file', Buffer.from('%PDF-1.7\nlampiran hukum\n%%EOF\n'), { filename: 'lampiran.pdf', contentType: 'application/pdf' })
      .then((response) => response);
    await scan.started;
    expect(await pending()).toBe(pendingBefore + 1);
    expect((await assign('operator-hukum', { ...hukum, areaCodes: ['ANG'] })).status).toBe(200);
    scan.release();
    const refused = await answer;
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'OUTSIDE_OPERATOR_ASSIGNMENT' });
  } finally {
    scan.restore();
  }
  expect(await queryTestDatabase(`SELECT id FROM submissions.clarification_attachment WHERE uploaded_by = 'operator-hukum'`)).toEqual([]);
  await waitFor('the stored file to be removed', async () => (await pending()) === pendingBefore);
});

it('refuses an upload whose operator loses the sub-indicator while the file arrives, keeping nothing of it', async () => {
  const bappeda = await operatorOfPerencanaan('operator-bappeda', 'Bappeda');
  const pendingBefore = await pending();

  // The fields first, then more of the file than the type check reads: the destination is checked
  // and the object is being written (its pending_upload row is there) before the rest is sent.
  const boundary = 'batas-unggah-opd';
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    field('pemdaCode', PEMDA) +
    field('year', '2024') +
    field('subIndicatorCode', 'PRC.2.1') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rencana.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const { port } = (platform.http('submissions') as Server).address() as AddressInfo;
  const answer = new Promise<{ status: number; body: { error?: string; message?: string } }>((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/evidence',
        headers: { authorization: `Bearer ${tokens['operator-bappeda']}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    sent.on('error', reject);
    sent.write(head);
    sent.write(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(80 * 1024, 0x20)]));
    void waitFor('the object to be written', async () => (await pending()) > pendingBefore)
      .then(async () => {
        // The Pemda admin moves the operator to another area meanwhile.
        expect((await assign('operator-bappeda', { ...bappeda, areaCodes: ['ANG'] })).status).toBe(200);
        sent.end(Buffer.concat([Buffer.alloc(16 * 1024, 0x20), Buffer.from(`\n%%EOF\n\r\n--${boundary}--\r\n`)]));
      })
      .catch(reject);
  });

  const refused = await answer;
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: 'OUTSIDE_OPERATOR_ASSIGNMENT' });
  expect(refused.body.message).toContain('di luar penugasan Anda untuk Bappeda');
  const kept = await queryTestDatabase<{ n: string }>(`SELECT count(*) AS n FROM submissions.evidence WHERE pemda_code = $1 AND sub_indicator_code = 'PRC.2.1'`, [PEMDA]);
  expect(Number(kept[0].n)).toBe(0);
  await waitFor('the object to be removed', async () => (await pending()) === pendingBefore);
}, 60_000);
