import { exampleFrameworkFor, queryTestDatabase, waitFor } from '@mcp/testing';
import type { Browser, Page } from 'playwright-core';
import { tenProblemsWorkbook } from '../../services/scoring/src/frameworks/ten-problems.fixture';
import { LiveFeed } from '../../services/portal/src/live/live-feed';
import { launchBrowser, personAt, screenshot, seriousAccessibilityViolations, type SignInAs } from './portal-browser';
import { PlatformUnderTest } from './platform-under-test';

/*
 * The portal in headless Chromium against the real platform (Kafka, Postgres, every service, the
 * built web app served by the portal). Kota Bandung (32.73, Jawa Barat, wilayah III) uploads
 * through its page; a verifier of wilayah III decides in the workbench; the operator's page and an
 * open analyst dashboard change without a reload. Screenshots go to .local/screenshots.
 */
const PEMDA = '32.73';
const YEAR = 2024;

// Every decision sampled, so the QA screen has work (production samples QA_SAMPLE_PERCENT=10).
const platform = new PlatformUnderTest({ QA_SAMPLE_PERCENT: '100' });
let browser: Browser;
let portalUrl: string;

/** A minimal valid PDF with one line of text, so PDF.js really renders a page. */
function evidencePdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Signs in through the portal's own route (what the sign-in page posts), as a browser context. */
async function signedIn(who: SignInAs, viewport?: { width: number; height: number }): Promise<Page> {
  const { page } = await personAt(browser, portalUrl, viewport);
  const response = await page.request.post('/auth/dev/sign-in', { data: who });
  expect(response.status()).toBe(200);
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function uploadThroughPage(page: Page, subIndicatorCode: string, fileName: string): Promise<void> {
  const item = await openItem(page, subIndicatorCode);
  await item.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: evidencePdf(`Bukti ${subIndicatorCode}: ${fileName}`) });
  // (Content differs per upload: submissions refuses a file identical to one already sent.)
  await item.getByRole('button', { name: 'Unggah', exact: true }).click();
  // The item's own badge, refreshed from the server: the success banner says "menunggu verifikasi"
  // too, and waiting for that text caught the page before the item had caught up (a screenshot
  // showed the banner under "Belum diunggah").
  await item.locator('.badge.status-submitted').first().waitFor().catch(async (error: unknown) => {
    await screenshot(page, `failed-upload-${subIndicatorCode}`, true);
    throw error;
  });
}

/** Opens a sub-indicator's panel on the Pemda page (a <details>) and returns its list item. */
async function openItem(page: Page, subIndicatorCode: string) {
  const item = page.getByTestId(`item-${subIndicatorCode}`);
  const details = item.locator('details').first();
  if (!(await details.evaluate((element) => (element as unknown as { open: boolean }).open))) await details.locator('summary').first().click();
  return item;
}

/** The text of an element once it matches: pages update from live hints, asynchronously. */
async function textBecomes(page: Page, testId: string, matches: (text: string) => boolean, what: string): Promise<string> {
  return waitFor(what, async () => {
    const text = (await page.getByTestId(testId).first().textContent({ timeout: 1_000 })) ?? '';
    return matches(text) ? text : undefined;
  }, { timeoutMs: 30_000, intervalMs: 250 });
}

async function claimNext(page: Page, subIndicatorCode: string): Promise<void> {
  // The task appears once verification has consumed the upload event; until then the claim finds none.
  await waitFor(`a task for ${subIndicatorCode} to be claimable`, async () => {
    await page.getByRole('button', { name: 'Ambil tugas berikutnya' }).click();
    return page.locator('dd', { hasText: subIndicatorCode }).first().waitFor({ timeout: 2_000 }).then(() => true);
  }, { timeoutMs: 30_000, intervalMs: 500 });
}

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  await platform.app('portal').get(LiveFeed).ready;
  portalUrl = await platform.url('portal');
  browser = await launchBrowser();
  // 2024's deadline has passed: an admin extends it for Kota Bandung through the portal's API,
  const admin = await signedIn({ role: 'admin', name: 'Rina Wulandari' });
  const session = await (await admin.request.get('/auth/session')).json();
  // And for Kabupaten Bandung, whose OPD operator's page is looked at below.
  for (const pemdaCode of [PEMDA, '32.04']) {
    const extension = await admin.request.post(`/api/submissions/v1/pemda/${pemdaCode}/deadline-extensions`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { year: YEAR, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji portal di peramban' },
    });
    expect(extension.status()).toBe(201);
  }
  await admin.context().close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform.stopAll();
});

describe('the portal in a browser', () => {
  it('signs an operator in through the page, with the development banner, and shows the progress', async () => {
    const { context, page } = await personAt(browser, portalUrl);
    await page.goto('/');
    await page.waitForURL(/\/masuk/);
    await page.getByTestId('dev-banner').waitFor();
    await screenshot(page, '01-sign-in');
    await expectAccessible(page);
    await page.getByLabel('Peran').selectOption('pemda-operator');
    await page.getByLabel('Cari Pemda (nama, kode atau provinsi)').fill('Kota Bandung');
    await page.getByLabel(/Pilih Pemda/).selectOption(PEMDA);
    // Submitted from the keyboard, as a person tabbing through the form does.
    await page.getByLabel('Nama tampilan (opsional)').focus();
    await page.keyboard.type('Siti');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/pemda/);
    await page.goto(`/pemda?tahun=${YEAR}`);
    await page.getByTestId('item-PRC.1.1').waitFor();
    expect(await page.getByTestId('header-user').textContent()).toContain('Kota Bandung');
    expect(await page.getByTestId('deadline').textContent()).toMatch(/WIB/);
    // The Pemda learns that KPK extended its deadline, not which admin (docs/decisions.md #46).
    const deadlineCard = await page.locator('#deadline').textContent();
    expect(deadlineCard).toContain('Diberikan oleh Admin KPK');
    expect(deadlineCard).not.toMatch(/dev-admin|Rina/);
    await screenshot(page, '02-pemda-progress');
    await expectAccessible(page);
    await context.close();
  });

  it('takes an upload from the page to a decision, and the operator and analyst pages follow without reload', async () => {
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    await operator.goto(`/pemda?tahun=${YEAR}`);
    await operator.getByTestId('item-PRC.1.1').waitFor();
    const scoreBefore = (await operator.getByTestId('score-total').textContent()) ?? '';

    const analyst = await signedIn({ role: 'analyst' });
    await analyst.goto(`/analitik?tahun=${YEAR}`);
    const jawaBarat = analyst.getByRole('button', { name: /^Jawa Barat\b/ });
    await jawaBarat.waitFor();
    const provinceBefore = (await jawaBarat.textContent()) ?? '';
    await screenshot(analyst, '08-analyst-dashboard');
    await expectAccessible(analyst);

    await uploadThroughPage(operator, 'PRC.1.1', 'SK Penetapan SSH 2024.pdf');
    await screenshot(operator, '03-pemda-uploaded');

    const verifier = await signedIn({ role: 'verifier', wilayah: 'III' });
    await verifier.goto('/verifikasi');
    await verifier.getByTestId('queue-count').waitFor();
    await claimNext(verifier, 'PRC.1.1');
    // The task names its Pemda, from the portal's list: verification answers with the code only.
    await verifier.locator('dd', { hasText: 'Kota Bandung (32.73)' }).first().waitFor();
    // PDF.js has drawn the page: the canvas holds dark (text) pixels, not only white.
    await waitFor('the PDF to be rendered', () =>
      verifier.getByTestId('evidence-viewer').locator('canvas').first().evaluate((canvas) => {
        const element = canvas as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
        const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
        for (let index = 0; index < data.length; index += 4) if (data[index] < 128 && data[index + 3] > 0) return true;
        return false;
      }),
    );
    await screenshot(verifier, '04-verifier-workbench');
    // Drawn, and without an error beside it: a second render on the same canvas once showed one
    // (PDF.js refuses it) while the first had drawn the page.
    expect(await verifier.getByTestId('evidence-viewer').getByRole('alert').allTextContents()).toEqual([]);
    await expectAccessible(verifier);
    await verifier.getByRole('button', { name: '100', exact: true }).click();
    await verifier.getByRole('button', { name: 'Setujui', exact: true }).click();

    // 12 × 33.33 × 33.33 / 10,000 = 1.33306668 (docs in platform-flow): shown as 1,33.
    const scoreAfter = await textBecomes(operator, 'score-total', (text) => text.includes('1,33'), 'the operator page to show the new score');
    expect(scoreAfter).not.toBe(scoreBefore);
    await (await openItem(operator, 'PRC.1.1')).getByText('Disetujui').first().waitFor();
    await waitFor('the bell to count the decision', async () => /[1-9]/.test((await operator.getByTestId('notification-bell').getAttribute('aria-label')) ?? ''));
    await screenshot(operator, '05-pemda-approved');
    // The inbox, by keyboard: the bell is a link, "Tandai semua dibaca" a button.
    await operator.getByTestId('notification-bell').focus();
    await operator.keyboard.press('Enter');
    await operator.waitForURL(/\/notifikasi/);
    await operator.getByText(/disetujui/i).first().waitFor();
    await screenshot(operator, '14-inbox');
    await expectAccessible(operator);
    await operator.getByRole('button', { name: 'Tandai semua dibaca' }).first().focus();
    await operator.keyboard.press('Enter');
    await waitFor('the bell to show nothing unread', async () => /\b0\b/.test((await operator.getByTestId('notification-bell').getAttribute('aria-label')) ?? ''));
    await operator.goBack();
    await operator.getByTestId('score-total').waitFor();
    const provinceAfter = await waitFor('the province tile to change', async () => {
      const text = (await jawaBarat.textContent()) ?? '';
      return text !== provinceBefore ? text : undefined;
    });
    expect(provinceAfter).toMatch(/0,0[45]/); // 1.33306668 / 28 Pemda of Jawa Barat = 0.0476
    await Promise.all([operator, analyst, verifier].map((page) => page.context().close()));
  }, 120_000);

  it('runs a revision round and a rejection with its reason, both seen by the Pemda', async () => {
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    await operator.goto(`/pemda?tahun=${YEAR}`);
    await operator.getByTestId('item-ANG.1.1').waitFor();
    await uploadThroughPage(operator, 'ANG.1.1', 'Perkada APBD 2024.pdf');

    const verifier = await signedIn({ role: 'verifier', wilayah: 'III' });
    await verifier.goto('/verifikasi');
    await claimNext(verifier, 'ANG.1.1');
    // The task's history reads as words, without the stored ids and field names.
    const taskHistory = verifier.locator('#task-history');
    await taskHistory.getByText('Dokumen diunggah').waitFor();
    // Who uploaded, by the name they signed in with: a subject is a UUID under the identity provider.
    await taskHistory.getByText('Operator Kota Bandung').first().waitFor();
    expect(await taskHistory.textContent()).not.toMatch(/evidenceId|reopened|[0-9a-f]{8}-[0-9a-f]{4}-|dev-pemda-operator/);
    await verifier.getByRole('button', { name: 'Minta revisi', exact: true }).click();
    const revisionDialog = verifier.getByRole('dialog');
    await revisionDialog.getByLabel('Apa yang harus diperbaiki Pemda').fill('Lampirkan halaman tanda tangan kepala daerah.');
    await screenshot(verifier, '06-verifier-revision-dialog');
    await expectAccessible(verifier);
    await revisionDialog.getByRole('button', { name: 'Minta revisi', exact: true }).click();

    const revised = await openItem(operator, 'ANG.1.1');
    await revised.getByText('Perlu revisi').first().waitFor({ timeout: 30_000 });
    await revised.getByText('Lampirkan halaman tanda tangan kepala daerah.').first().waitFor();
    await screenshot(operator, '07-pemda-revision-requested');
    await uploadThroughPage(operator, 'ANG.1.1', 'Perkada APBD 2024 bertanda tangan.pdf');
    // The revised upload comes back as the same task's next round: approve it at 50.
    await claimNext(verifier, 'ANG.1.1');
    // The round before is listed with the verifier's name, not their subject.
    await taskHistory.getByText(/Perlu revisi.*Verifikator Wilayah III/).first().waitFor();
    expect(await taskHistory.textContent()).not.toContain('dev-verifier-III');
    await verifier.getByRole('button', { name: '50', exact: true }).click();
    await verifier.getByRole('button', { name: 'Setujui', exact: true }).click();
    await (await openItem(operator, 'ANG.1.1')).getByText('Disetujui').first().waitFor({ timeout: 30_000 });

    await uploadThroughPage(operator, 'PBJ.1.1', 'Rencana Umum Pengadaan.pdf');
    await claimNext(verifier, 'PBJ.1.1');
    await verifier.getByRole('button', { name: 'Tolak', exact: true }).click();
    const rejectDialog = verifier.getByRole('dialog');
    const reason = rejectDialog.getByLabel('Alasan penolakan');
    const firstReason = await reason.locator('option:not([value=""])').first().getAttribute('value');
    await reason.selectOption(firstReason ?? '');
    await rejectDialog.getByLabel('Catatan untuk Pemda').fill('Dokumen bukan RUP tahun 2024.');
    await rejectDialog.getByRole('button', { name: 'Tolak', exact: true }).click();
    const rejected = await openItem(operator, 'PBJ.1.1');
    await rejected.getByText('Ditolak').first().waitFor({ timeout: 30_000 });
    await rejected.getByText('Dokumen bukan RUP tahun 2024.').first().waitFor();
    await Promise.all([operator, verifier].map((page) => page.context().close()));
  }, 150_000);

  it('lets QA of the wilayah overturn a sampled decision', async () => {
    const qa = await signedIn({ role: 'qa', wilayah: 'III' });
    await qa.goto('/qa');
    const overturn = qa.getByRole('button', { name: 'Batalkan keputusan', exact: true }).first();
    await overturn.waitFor();
    // Who decided, by name (the sample is KPK's own: QA sees which verifier it was).
    await qa.locator('dd', { hasText: 'Verifikator Wilayah III' }).first().waitFor();
    expect(await qa.locator('main').textContent()).not.toContain('dev-verifier-III');
    await screenshot(qa, '09-qa-reviews');
    await expectAccessible(qa);
    await overturn.click();
    const dialog = qa.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Ditolak' }).check();
    const reason = dialog.getByLabel('Alasan penolakan');
    await reason.selectOption((await reason.locator('option:not([value=""])').first().getAttribute('value')) ?? '');
    await dialog.getByLabel('Alasan pembatalan').fill('Bukti tidak memuat pengesahan.');
    await dialog.getByRole('button', { name: 'Batalkan keputusan', exact: true }).click();
    await waitFor('the overturn to be recorded', async () => {
      const [row] = await queryTestDatabase<{ count: string }>(`SELECT count(*)::text AS count FROM "verification"."qa_review" WHERE status = 'overturned'`);
      return row.count !== '0';
    });
    // The card leaves the pending list; the page says what was done, to which item.
    await qa.getByRole('status').filter({ hasText: /· \d{4}: Keputusan dibatalkan dan diganti\.$/ }).waitFor();
    await qa.context().close();
  }, 60_000);

  it("carries a verifier's question to the Pemda's page and its answer, with a file, back to the workbench", async () => {
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    await operator.goto(`/pemda?tahun=${YEAR}`);
    await operator.getByTestId('item-PBJ.1.2').waitFor();
    await uploadThroughPage(operator, 'PBJ.1.2', 'Struktur UKPBJ.pdf');
    const verifier = await signedIn({ role: 'verifier', wilayah: 'III' });
    await verifier.goto('/verifikasi');
    await claimNext(verifier, 'PBJ.1.2');
    const workbenchThread = verifier.locator('#task-clarification');
    await workbenchThread.getByLabel('Pertanyaan untuk Pemda').fill('Mohon lampirkan SK penetapan struktur UKPBJ yang sudah ditandatangani.');
    expect(await workbenchThread.getByLabel('Jeda penghitungan waktu tugas sampai Pemda menjawab').isChecked()).toBe(true);
    await workbenchThread.getByRole('button', { name: 'Kirim pertanyaan' }).click();
    await workbenchThread.getByText('Penghitungan waktu tugas dijeda sejak').waitFor();

    // The Pemda's page, open all along, shows the question when its notice arrives (no reload), and
    // opens the waiting thread by itself; the asker is "Verifikator KPK", never the person.
    const questions = operator.locator('#clarifications');
    await questions.getByText('Menunggu jawaban Anda', { exact: true }).waitFor({ timeout: 30_000 });
    await questions.getByText('Mohon lampirkan SK penetapan struktur UKPBJ').waitFor();
    expect(await questions.textContent()).toContain('Verifikator KPK');
    expect(await questions.textContent()).not.toMatch(/Verifikator Wilayah III|dev-verifier/);
    await questions.getByLabel('Jawaban untuk verifikator').fill('SK terlampir.');
    await questions.getByLabel('Lampiran (opsional)').setInputFiles({ name: 'SK UKPBJ.pdf', mimeType: 'application/pdf', buffer: evidencePdf('SK penetapan struktur UKPBJ') });
    await screenshot(operator, '19-pemda-clarification');
    await expectAccessible(operator);
    await questions.getByRole('button', { name: 'Kirim jawaban' }).click();
    await questions.getByText('Sudah dijawab', { exact: true }).waitFor();
    // The thread stays open under the reader's eyes, with the answer in it and the form emptied.
    await questions.getByText('Pesan terkirim.').waitFor();
    await questions.getByText('SK terlampir.').waitFor();
    expect(await questions.getByLabel('Lampiran (opsional)').inputValue()).toBe('');
    expect(await questions.getByLabel('Jawaban untuk verifikator').inputValue()).toBe('');

    // Back on the workbench, open all along: the answer arrives with its notice, by the operator's
    // name, with its file, and the clock running again.
    const answered = verifier.locator('#task-clarification');
    await answered.getByText('SK terlampir.').waitFor({ timeout: 30_000 });
    await answered.getByText('Operator Kota Bandung').waitFor();
    const download = answered.getByRole('link', { name: 'Unduh lampiran' });
    const file = await verifier.request.get((await download.getAttribute('href')) ?? '');
    expect(file.status()).toBe(200);
    expect((await file.body()).toString('latin1')).toContain('SK penetapan struktur UKPBJ');
    expect(await answered.textContent()).not.toContain('Penghitungan waktu tugas dijeda');
    await verifier.getByRole('button', { name: '100', exact: true }).click();
    await verifier.getByRole('button', { name: 'Setujui', exact: true }).click();
    await (await openItem(operator, 'PBJ.1.2')).getByText('Disetujui').first().waitFor({ timeout: 30_000 });

    // Decided, the thread is a record: nothing waits for the Pemda and no form invites an answer.
    await operator.reload();
    const record = operator.locator('#clarifications');
    await record.getByText('Selesai', { exact: true }).waitFor();
    expect(await record.getByText('Menunggu jawaban Anda', { exact: true }).count()).toBe(0);
    await record.locator('summary').click();
    await record.getByText('Tugas sudah selesai atau tahunnya ditutup: utas ini hanya dapat dibaca.').waitFor();
    expect(await record.getByLabel('Jawaban untuk verifikator').count()).toBe(0);
    await Promise.all([operator, verifier].map((page) => page.context().close()));
  }, 90_000);

  it('shows every problem of a framework workbook by sheet, row and cell', async () => {
    const admin = await signedIn({ role: 'admin', name: 'Rina Wulandari' });
    await admin.goto('/kelola');
    await admin.locator('#framework-file').setInputFiles({ name: 'kerangka-rusak.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await tenProblemsWorkbook(2031) });
    await admin.getByRole('button', { name: 'Impor kerangka', exact: true }).click();
    const problems = admin.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.locator('tbody tr').count()).toBe(10);
    const headers = await problems.locator('thead th').allTextContents();
    expect(headers.slice(0, 3)).toEqual(['Lembar', 'Baris', 'Sel']);
    await problems.scrollIntoViewIfNeeded();
    await screenshot(admin, '10-manager-import-problems');
    await expectAccessible(admin);

    // Moving a verifier or QA reviewer to a wilayah: those who have signed in are offered by their ID, named with their role.
    await admin.locator('#assign-subject-known option[value="dev-verifier-III"]').waitFor({ state: 'attached' });
    const qaOffered = admin.locator('#assign-subject-known option[value="dev-qa-III"]');
    await qaOffered.waitFor({ state: 'attached' });
    expect(await qaOffered.textContent()).toBe('QA Wilayah III · Penjamin mutu (QA) · Wilayah III');

    // A revision that drops a sub-indicator says so beside the draft and asks before publishing
    // (#166); cancelled here, the draft stays a draft.
    await admin.goto(`/kelola?tahun=${YEAR}`);
    const dropping = exampleFrameworkFor(YEAR, (framework) => {
      const indicator = framework.areas[0].indicators[1];
      indicator.subIndicators = [{ ...indicator.subIndicators[0], weight: 100 }];
    });
    await admin.locator('#framework-file').setInputFiles({ name: 'kerangka-2024-tanpa-PRC.2.2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(dropping)) });
    await admin.getByRole('button', { name: 'Impor kerangka', exact: true }).click();
    await admin.getByText('Menghapus sub-indikator PRC.2.2', { exact: true }).waitFor();
    // Imported once: the workbook is let go, so a second click cannot make a second draft.
    await admin.getByText('Belum ada berkas dipilih.').waitFor();
    expect(await admin.getByRole('button', { name: 'Impor kerangka', exact: true }).isDisabled()).toBe(true);
    await admin.getByRole('button', { name: /^Terbitkan Revisi \d+$/ }).click();
    const removals = admin.getByRole('dialog', { name: 'Terbitkan revisi yang menghapus sub-indikator?' });
    await removals.waitFor();
    expect(await removals.textContent()).toContain('menghapus sub-indikator PRC.2.2');
    await screenshot(admin, '22-manager-revision-removes');
    await removals.getByRole('button', { name: 'Batal', exact: true }).click();
    await removals.waitFor({ state: 'hidden' });

    // Deadline extensions: the Pemda is chosen from the list (typed before the list has even come),
    // the form can then be sent, and its extensions so far show under its name.
    await admin.goto(`/kelola?tahun=${YEAR}`);
    const extensions = admin.locator('#extensions');
    await extensions.getByLabel('Cari Pemda (nama, kode atau provinsi)').fill('Kota Bandung');
    await extensions.getByLabel('Pilih Pemda (1 cocok)').waitFor();
    await extensions.getByLabel(/^Berlaku sampai/).fill('2024-12-31T23:59');
    await extensions.getByLabel('Alasan').fill('Uji pemilih Pemda');
    expect(await extensions.getByRole('button', { name: 'Berikan perpanjangan' }).isEnabled()).toBe(true);
    await extensions.getByRole('heading', { name: 'Perpanjangan batas waktu · Kota Bandung (32.73)' }).waitFor();
    await extensions.getByText('Uji portal di peramban').waitFor();
    // KPK sees which admin granted it, by name.
    await extensions.getByText(/Diberikan oleh Rina Wulandari/).waitFor();
    await extensions.scrollIntoViewIfNeeded();
    await screenshot(admin, '16-manager-extensions');

    // An admin acts for any Pemda: chosen by part of its name, not by a code to know by heart.
    await admin.goto(`/pemda?tahun=${YEAR}`);
    await admin.getByLabel('Cari Pemda (nama, kode atau provinsi)').fill('bandung');
    const choices = admin.getByLabel('Pilih Pemda (3 cocok)');
    expect(await choices.locator('option').allTextContents()).toEqual([
      'Kabupaten Bandung (32.04) · Jawa Barat',
      'Kabupaten Bandung Barat (32.17) · Jawa Barat',
      'Kota Bandung (32.73) · Jawa Barat',
    ]);
    // Three left: none is chosen until the admin picks one (none shows as chosen either).
    const open = admin.getByRole('button', { name: 'Buka', exact: true });
    expect(await open.isDisabled()).toBe(true);
    expect(await choices.evaluate((list) => (list as unknown as { selectedIndex: number }).selectedIndex)).toBe(-1);
    await choices.selectOption(PEMDA);
    expect(await open.isEnabled()).toBe(true);
    await screenshot(admin, '15-admin-pemda-chooser');
    await expectAccessible(admin);
    await open.click();
    await admin.waitForURL(new RegExp(`/pemda/${PEMDA.replace('.', '\\.')}`));
    await admin.getByTestId('item-PRC.1.1').waitFor();
    await admin.context().close();
  }, 60_000);

  it("lets a Pemda admin assign an OPD's operator to areas, by name, and shows who did it", async () => {
    // Another Pemda than the flows above: an assignment limits every operator of its Pemda.
    const kabupatenBandung = '32.04';
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: kabupatenBandung, name: 'Budi BPKAD' });
    await operator.context().close();
    const pemdaAdmin = await signedIn({ role: 'pemda-admin', pemdaCode: kabupatenBandung });
    await pemdaAdmin.goto(`/pemda?tahun=${YEAR}`);
    await pemdaAdmin.getByRole('link', { name: 'Akun OPD' }).click();
    await pemdaAdmin.waitForURL(/\/opd/);
    await pemdaAdmin.getByText('Belum ada operator yang ditetapkan').waitFor();

    // The Pemda's operators who have signed in are offered by name.
    const offered = pemdaAdmin.locator(`#opd-subject-known option[value="dev-pemda-operator-${kabupatenBandung}"]`);
    await offered.waitFor({ state: 'attached' });
    expect(await offered.textContent()).toBe('Budi BPKAD');
    // A mistyped ID is named as one nobody signed in as; the first assignment says what it starts.
    await pemdaAdmin.getByLabel('ID akun operator').fill('budi-bpkad-salah-ketik');
    await pemdaAdmin.getByText('ID ini belum pernah masuk ke portal sebagai operator Pemda ini').waitFor();
    await pemdaAdmin.getByText('Ini penetapan pertama Pemda ini').waitFor();
    await pemdaAdmin.getByLabel('ID akun operator').fill(`dev-pemda-operator-${kabupatenBandung}`);
    await pemdaAdmin.getByLabel('OPD (dinas/badan)').fill('Badan Pengelolaan Keuangan dan Aset Daerah');
    const firstArea = pemdaAdmin.getByRole('group', { name: 'Area', exact: true }).getByRole('checkbox').first();
    await firstArea.check();
    await pemdaAdmin.getByRole('group', { name: 'PIC area', exact: true }).getByRole('checkbox').first().check();
    await pemdaAdmin.locator('#opd-assign').scrollIntoViewIfNeeded();
    await screenshot(pemdaAdmin, '18-pemda-admin-opd-form');
    await pemdaAdmin.getByRole('button', { name: 'Simpan penetapan' }).click();

    const row = pemdaAdmin.locator('#opd-operators tbody tr');
    await row.filter({ hasText: 'Budi BPKAD' }).waitFor();
    expect(await row.count()).toBe(1);
    const [opd, areas, , pic] = await row.locator('td').allTextContents();
    expect(opd).toBe('Badan Pengelolaan Keuangan dan Aset Daerah');
    // The first area, both worked on and led (PIC), as the checkboxes said.
    expect(areas).toMatch(/^[A-Z]+$/);
    expect(pic).toBe(areas);
    const history = pemdaAdmin.locator('#opd-history');
    await history.getByText('Budi BPKAD ditetapkan').waitFor();
    await history.getByText('oleh Admin Kabupaten Bandung').first().waitFor();

    // Saving again changes the assignment, and the history says so rather than "ditetapkan" twice.
    await row.getByRole('button', { name: 'Ubah: Budi BPKAD' }).click();
    await pemdaAdmin.getByLabel('OPD (dinas/badan)').fill('BPKAD Kabupaten Bandung');
    await pemdaAdmin.getByRole('button', { name: 'Simpan penetapan' }).click();
    await row.filter({ hasText: 'BPKAD Kabupaten Bandung' }).waitFor();
    await history.getByText('Penetapan Budi BPKAD diubah').waitFor();
    expect(await history.getByText('Budi BPKAD ditetapkan').count()).toBe(1);
    expect(await pemdaAdmin.locator('main').textContent()).not.toContain('dev-pemda-');
    await screenshot(pemdaAdmin, '17-pemda-admin-opd');
    await expectAccessible(pemdaAdmin);
    await pemdaAdmin.context().close();

    // Budi's own page says what is his: his area's items take uploads, another area's are read-only.
    const budi = await signedIn({ role: 'pemda-operator', pemdaCode: kabupatenBandung, name: 'Budi BPKAD' });
    await budi.goto(`/pemda?tahun=${YEAR}`);
    expect(await budi.getByTestId('own-assignment').textContent()).toContain(`BPKAD Kabupaten Bandung (${areas})`);
    const own = await openItem(budi, `${areas}.1.1`);
    await own.getByRole('button', { name: 'Unggah', exact: true }).waitFor();
    const other = await openItem(budi, areas === 'PRC' ? 'ANG.1.1' : 'PRC.1.1');
    await other.getByText('Di luar penugasan OPD Anda').waitFor();
    expect(await other.locator('input[type=file]').count()).toBe(0);
    await screenshot(budi, '20-opd-operator-outside-assignment');
    await expectAccessible(budi);
    await budi.context().close();

    // Removing is asked once more, and the last assignment's removal says it frees every operator.
    const admin = await signedIn({ role: 'pemda-admin', pemdaCode: kabupatenBandung });
    await admin.goto('/opd');
    await admin.getByRole('button', { name: 'Hapus: Budi BPKAD' }).click();
    const confirm = admin.getByRole('dialog', { name: 'Hapus penetapan Budi BPKAD?' });
    await confirm.getByText('Ini penetapan terakhir Pemda ini').waitFor();
    await screenshot(admin, '21-pemda-admin-opd-remove');
    await confirm.getByRole('button', { name: 'Hapus penetapan' }).click();
    await admin.getByText('Penetapan Budi BPKAD dihapus.').waitFor();
    await admin.getByText('Belum ada operator yang ditetapkan').waitFor();
    await admin.context().close();
  }, 90_000);

  it("refuses another Pemda's page and works at 390 px wide", async () => {
    const phone = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA }, { width: 390, height: 844 });
    await phone.goto(`/pemda?tahun=${YEAR}`);
    await phone.getByTestId('item-PRC.1.1').waitFor();
    const overflow = await phone.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await (await openItem(phone, 'PRC.1.1')).getByRole('button', { name: 'Pilih berkas' }).first().waitFor();
    await screenshot(phone, '11-pemda-phone');
    await expectAccessible(phone);

    await phone.goto(`/pemda/11.01?tahun=${YEAR}`);
    await phone.getByRole('alert').first().waitFor().catch(async (error: unknown) => {
      await screenshot(phone, 'failed-other-pemda');
      throw error;
    });
    expect(await phone.getByTestId('item-PRC.1.1').count()).toBe(0);
    await screenshot(phone, '12-other-pemda-refused');
    await phone.context().close();
  }, 60_000);

  it('does the verifier\'s common path by keyboard alone, on a PC whose clock runs two hours fast', async () => {
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    await operator.goto(`/pemda?tahun=${YEAR}`);
    await operator.getByTestId('item-YAN.1.1').waitFor();
    await uploadThroughPage(operator, 'YAN.1.1', 'Laporan pelayanan publik.pdf');
    const verifier = await signedIn({ role: 'verifier', wilayah: 'III' });
    // By this PC's clock the claim's lease has run out the moment it is given; by the portal's it
    // has not, and the decision buttons (and their keys) follow the portal's (its answers' Date).
    await verifier.clock.install({ time: Date.now() + 2 * 3600_000 });
    await verifier.goto('/verifikasi');
    await verifier.getByTestId('queue-count').waitFor();
    await waitFor('the task to be claimable by pressing n', async () => {
      await verifier.keyboard.press('n');
      return verifier.getByText('YAN.1.1').first().waitFor({ timeout: 2_000 }).then(() => true);
    }, { timeoutMs: 30_000, intervalMs: 500 });
    await verifier.getByRole('button', { name: '100', exact: true }).waitFor();
    // The task's card is there before the decision, so its leaving below is the decision's doing.
    const taskCard = verifier.locator('dd', { hasText: 'YAN.1.1' }).first();
    await taskCard.waitFor();
    const steps = await verifier.getByRole('button', { name: /^\d+$/ }).count();
    await verifier.keyboard.press(String(steps)); // the last rubric step: the highest value
    await verifier.keyboard.press('s');
    await (await openItem(operator, 'YAN.1.1')).getByText('Disetujui').first().waitFor({ timeout: 30_000 });
    // The decided task leaves the workbench.
    await taskCard.waitFor({ state: 'detached' });

    // Single-key shortcuts can be turned off (WCAG 2.1.4), and stay off in this browser.
    await verifier.keyboard.press('?');
    await verifier.getByRole('dialog', { name: 'Pintasan papan ketik' }).getByLabel('Pintasan satu tombol aktif').uncheck();
    await verifier.keyboard.press('Escape');
    await verifier.reload();
    await verifier.getByTestId('queue-count').waitFor();
    await verifier.keyboard.press('?');
    expect(await verifier.getByRole('dialog').count()).toBe(0);
    await Promise.all([operator, verifier].map((page) => page.context().close()));
  }, 90_000);

  it('sends an expired session back to sign-in with a notice', async () => {
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    await operator.goto(`/pemda?tahun=${YEAR}`);
    await operator.getByTestId('item-PRC.1.1').waitFor();
    await queryTestDatabase(`UPDATE "portal"."session" SET expires_at = now() - interval '1 second'`);
    await operator.reload();
    await operator.getByTestId('session-expired').waitFor();
    expect(operator.url()).toMatch(/\/masuk/);
    await screenshot(operator, '13-session-expired');
    await operator.context().close();
  });

  it('lets go of its streams in a background tab, and reads itself again back in front', async () => {
    const verifier = await signedIn({ role: 'verifier', wilayah: 'III' });
    await verifier.clock.install();
    await verifier.goto('/verifikasi');
    const count = verifier.getByTestId('queue-count');
    await count.waitFor();
    const waitingBefore = Number((await count.textContent())?.replace(/\D/g, ''));
    const setHidden = (hidden: boolean) =>
      verifier.evaluate((isHidden) => {
        const page = globalThis as unknown as { document: { dispatchEvent(event: unknown): void }; Event: new (type: string) => unknown };
        Object.defineProperty(page.document, 'hidden', { value: isHidden, configurable: true });
        Object.defineProperty(page.document, 'visibilityState', { value: isHidden ? 'hidden' : 'visible', configurable: true });
        page.document.dispatchEvent(new page.Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    // Half a minute in the background: over HTTP/1.1 its two connections go back to the other tabs.
    await verifier.clock.fastForward(31_000);

    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    const { csrfToken } = await (await operator.request.get('/auth/session')).json();
    const uploaded = await operator.request.post('/api/submissions/v1/evidence', {
      headers: { 'x-csrf-token': csrfToken },
      multipart: {
        pemdaCode: PEMDA,
        year: String(YEAR),
        subIndicatorCode: 'APIP.1.1',
        file: { name: 'Laporan APIP.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nlaporan APIP\n%%EOF\n') },
      },
    });
    expect(uploaded.status()).toBe(201);
    const { id: evidenceId } = await uploaded.json();
    await waitFor('the task to be queued', async () => (await queryTestDatabase('SELECT 1 FROM verification.task_evidence WHERE evidence_id = $1', [evidenceId])).length > 0 || undefined);
    // No stream, no news: the count a live event would have raised by now stays.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(Number((await count.textContent())?.replace(/\D/g, ''))).toBe(waitingBefore);

    const reconnected = verifier.waitForRequest((request) => new URL(request.url()).pathname === '/api/live');
    await setHidden(false);
    await reconnected;
    await waitFor('the queue to be read again', async () => Number((await count.textContent())?.replace(/\D/g, '')) === waitingBefore + 1 || undefined);
    await Promise.all([verifier, operator].map((page) => page.context().close()));
  });

  it('says so when the portal cannot be reached, without signing the person out, and asks again on request', async () => {
    const operator = await signedIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    // The portal restarting under a load balancer: its session answer never comes.
    await operator.route('**/auth/session', (route) => route.abort('connectionrefused'));
    await operator.goto(`/pemda?tahun=${YEAR}`);
    await operator.getByRole('heading', { name: 'Portal belum dapat dihubungi' }).waitFor();
    expect(operator.url()).not.toMatch(/\/masuk/);
    await screenshot(operator, '23-portal-unreachable');
    await expectAccessible(operator);

    await operator.unroute('**/auth/session');
    await operator.getByRole('button', { name: 'Coba lagi' }).click();
    await operator.getByTestId('item-PRC.1.1').waitFor();
    await operator.context().close();
  });
});
