import type { EvidenceSubmittedV1 } from '@mcp/contracts';
import { loadPemdaList, loadWilayahMapping, wilayahOfPemda, type Wilayah } from '@mcp/master-data';
import type { Framework } from '@mcp/mcp-domain';
import { testToken } from '@mcp/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { ChaosPlatform } from './chaos-platform';

/*
 * The scripted national workload, through the services' public HTTP APIs only (a live replica
 * picked per call, as a load balancer does): Pemda operators upload evidence, each wilayah's
 * verifier claims and decides, some decisions are corrected, QA confirms or overturns the sampled
 * ones, and KPK publishes a framework revision half-way. A call that meets a dead replica or a
 * 5xx while a fault is on is retried until it answers.
 */
const PEMDA_COUNT = Number(process.env.CHAOS_PEMDA ?? 20);
const SUB_INDICATORS = ['PRC.1.1', 'ANG.1.1'];
const CALL_DEADLINE_MS = 240_000;
/** Uploads are spread out so the work goes on while every fault is injected. */
const UPLOAD_EVERY_MS = Number(process.env.CHAOS_UPLOAD_EVERY_MS ?? 8000);
/**
 * Once every upload is in, how long a verifier goes without a decision before it gives up: a task
 * lost on the way to the queue would otherwise keep it claiming (and hearing 204) for ever. Longer
 * than any fault keeps the platform away (the network loss is a minute), and counted from the last
 * upload too, since a wilayah's first task may come only with the last uploads.
 */
const VERIFY_IDLE_MS = Number(process.env.CHAOS_VERIFY_IDLE_MS ?? 600_000);

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
}

export class Workload {
  /** `neverDecided`: items a verifier gave up on after VERIFY_IDLE_MS without a decision. */
  readonly stats = { uploads: 0, decisions: 0, corrections: 0, qaConfirmed: 0, qaOverturned: 0, frameworkRevisions: 0, neverDecided: 0 };
  private readonly pemda: { code: string; provinceCode: string; wilayah: Wilayah }[];
  private markStarted!: () => void;
  /** Resolves once the first upload is accepted: the faults begin then. */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));
  /** When the uploads ended (done or failed): the verifiers' idle deadline runs from then at the earliest. */
  private uploadsEndedAt?: number;

  constructor(
    private readonly platform: ChaosPlatform,
    private readonly year: number,
    private readonly log: (line: string) => void,
  ) {
    const mapping = loadWilayahMapping();
    const all = loadPemdaList().filter((pemda) => pemda.kind !== 'provinsi');
    const step = Math.floor(all.length / PEMDA_COUNT);
    this.pemda = Array.from({ length: PEMDA_COUNT }, (_, index) => all[index * step]).map((pemda) => ({
      code: pemda.code,
      provinceCode: pemda.provinceCode,
      wilayah: wilayahOfPemda(pemda, mapping),
    }));
  }

  async call(service: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const deadline = Date.now() + CALL_DEADLINE_MS;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const response = await fetch(`${this.platform.urlOf(service, attempt)}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        if (response.status < 500) return { status: response.status, body: text ? safeJson(text) : undefined };
        if (Date.now() > deadline) return { status: response.status, body: safeJson(text) };
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${method} ${service}${path}: no answer for ${CALL_DEADLINE_MS} ms: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async publishFramework(admin: string, framework: Framework): Promise<void> {
    const imported = await this.call('scoring', 'POST', '/v1/frameworks/import', admin, framework);
    if (imported.status !== 201) throw new Error(`framework import: ${imported.status} ${JSON.stringify(imported.body)}`);
    const published = await this.call('scoring', 'POST', `/v1/frameworks/${this.year}/revisions/${imported.body.revision}/publish`, admin);
    // A publish whose answer was lost to a fault (a killed replica, Kafka paused) and was sent again
    // finds its revision already published: the first one took effect.
    const alreadyPublished = published.status === 409 && published.body?.error === 'ALREADY_PUBLISHED';
    if (published.status !== 200 && !alreadyPublished) throw new Error(`framework publish: ${published.status} ${JSON.stringify(published.body)}`);
    this.stats.frameworkRevisions += 1;
    this.log(`framework ${this.year} revision ${imported.body.revision} published`);
  }

  async run(admin: string, revision: () => Framework): Promise<void> {
    const items = this.pemda.flatMap((pemda) => SUB_INDICATORS.map((subIndicatorCode) => ({ pemda, subIndicatorCode })));
    const uploading = this.uploadAll(items).finally(() => (this.uploadsEndedAt = Date.now()));
    const wilayahs = [...new Set(this.pemda.map((pemda) => pemda.wilayah))];
    let revised = false;
    const verifying = Promise.all(
      wilayahs.map((wilayah) =>
        this.verify(wilayah, items.filter((item) => item.pemda.wilayah === wilayah).length, async () => {
          if (!revised && this.stats.decisions >= items.length / 2) {
            revised = true;
            await this.publishFramework(admin, revision());
          }
        }),
      ),
    );
    // Together: whichever fails first ends the run, and the other's failure is not left unhandled.
    await Promise.all([uploading, verifying]);
    await Promise.all(wilayahs.map((wilayah) => this.reviewQa(wilayah)));
  }

  private async uploadAll(items: { pemda: { code: string }; subIndicatorCode: string }[]): Promise<void> {
    for (const { pemda, subIndicatorCode } of items) {
      const operator = await testToken({ role: 'pemda-operator', subject: `operator-${pemda.code}`, pemdaCode: pemda.code });
      const idempotencyKey = randomUUID();
      for (;;) {
        const form = new FormData();
        form.set('pemdaCode', pemda.code);
        form.set('year', String(this.year));
        form.set('subIndicatorCode', subIndicatorCode);
        form.set('claimedValue', '100');
        form.set('file', new Blob([`%PDF-1.7 bukti ${pemda.code} ${subIndicatorCode}`], { type: 'application/pdf' }), `SK ${subIndicatorCode}.pdf`);
        const answer = await this.call('submissions', 'POST', '/v1/evidence', operator, form, { 'Idempotency-Key': idempotencyKey });
        if (answer.status === 201) break;
        // The framework (or a replica's copy of it) may still be on its way: try again.
        if (answer.status === 404 || answer.status === 409 || answer.status === 429) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
        throw new Error(`upload ${pemda.code} ${subIndicatorCode}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      this.stats.uploads += 1;
      if (this.stats.uploads === 1) this.markStarted();
      await new Promise((resolve) => setTimeout(resolve, UPLOAD_EVERY_MS));
    }
  }

  /**
   * One verifier per wilayah claims and decides until `expected` tasks are decided, or gives up
   * VERIFY_IDLE_MS after the uploads ended with no decision since, counting the rest `neverDecided`.
   */
  private async verify(wilayah: Wilayah, expected: number, afterDecision: () => Promise<void>): Promise<void> {
    const verifier = await testToken({ role: 'verifier', subject: `verifier-${wilayah}`, wilayah });
    let decided = 0;
    let lastDecisionAt = Date.now();
    while (decided < expected) {
      if (Date.now() - Math.max(lastDecisionAt, this.uploadsEndedAt ?? Infinity) > VERIFY_IDLE_MS) {
        this.stats.neverDecided += expected - decided;
        this.log(
          `verifier of wilayah ${wilayah}: ${expected - decided} of ${expected} items not decided ${VERIFY_IDLE_MS / 1000} s after the uploads ` +
            'and the last decision (lost tasks?); giving up on them',
        );
        return;
      }
      const claimed = await this.call('verification', 'POST', '/v1/tasks/claim', verifier);
      let task = claimed.body;
      if (claimed.status === 204) {
        // A claim whose answer died with its replica is still ours: finish it before waiting.
        const mine = await this.call('verification', 'GET', '/v1/my/tasks', verifier);
        task = mine.body?.claimed?.[0];
        if (!task) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
      } else if (claimed.status !== 200) throw new Error(`claim in ${wilayah}: ${claimed.status} ${JSON.stringify(claimed.body)}`);
      const count = this.stats.decisions;
      const body =
        count % 5 === 4
          ? { outcome: 'rejected', reasonCode: 'DOKUMEN_TIDAK_LENGKAP', note: 'Lampiran tidak lengkap (uji chaos)' }
          : { outcome: 'approved', verifiedValue: count % 2 === 0 ? 100 : 50 };
      const decision = await this.call('verification', 'POST', `/v1/tasks/${task.id}/decision`, verifier, body);
      if (decision.status !== 201) {
        // An answer lost to a killed replica after the commit: the task says whether it was decided.
        const view = await this.call('verification', 'GET', `/v1/tasks/${task.id}`, verifier);
        if ((view.body?.decisions ?? []).length === 0) continue;
      }
      decided += 1;
      lastDecisionAt = Date.now();
      this.stats.decisions += 1;
      if (decision.status === 201 && count % 6 === 1) {
        const corrected = await this.call('verification', 'POST', `/v1/decisions/${decision.body.decisionId}/correction`, verifier, {
          outcome: 'approved',
          verifiedValue: 100,
        });
        if (corrected.status === 201 || corrected.status === 200) this.stats.corrections += 1;
      }
      await afterDecision();
    }
  }

  /** QA of the wilayah works through its sampled decisions: every other one overturned. */
  private async reviewQa(wilayah: Wilayah): Promise<void> {
    const qa = await testToken({ role: 'qa', subject: `qa-${wilayah}`, wilayah });
    const queue = await this.call('verification', 'GET', '/v1/qa/reviews', qa);
    const pending = ((queue.body ?? []) as { id: string; status: string }[]).filter((review) => review.status === 'pending');
    for (const [index, review] of pending.entries()) {
      if (index % 2 === 0) {
        const answer = await this.call('verification', 'POST', `/v1/qa/reviews/${review.id}/confirm`, qa, { note: 'Sesuai rubrik' });
        if (answer.status === 200) this.stats.qaConfirmed += 1;
      } else {
        const answer = await this.call('verification', 'POST', `/v1/qa/reviews/${review.id}/overturn`, qa, {
          outcome: 'approved',
          verifiedValue: 50,
          note: 'Hanya sebagian bukti sesuai (uji chaos)',
        });
        if (answer.status === 200) this.stats.qaOverturned += 1;
      }
    }
  }

  /** Decisions verification has already published, to be sent again as duplicates. */
  async publishedDecisionEvents(count: number): Promise<unknown[]> {
    const client = new Client({ connectionString: this.platform.postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT event FROM verification.outbox WHERE topic = $1 AND published_at IS NOT NULL ORDER BY seq LIMIT $2`,
        ['mcp.evidence.verified.v1', count],
      );
      return rows.map((row) => row.event);
    } finally {
      await client.end();
    }
  }

  /** Valid data for an evidence.submitted event (the poison breaks it afterwards). */
  sampleSubmitted(): EvidenceSubmittedV1 {
    const pemda = this.pemda[0];
    return {
      evidenceId: randomUUID(),
      pemdaCode: pemda.code,
      provinceCode: pemda.provinceCode,
      year: this.year,
      subIndicatorCode: SUB_INDICATORS[0],
      claimedValue: 50,
      sha256: 'c'.repeat(64),
      sizeBytes: 3,
      contentType: 'application/pdf',
      fileName: 'racun.pdf',
      submittedBy: 'chaos',
      submittedAt: new Date().toISOString(),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
