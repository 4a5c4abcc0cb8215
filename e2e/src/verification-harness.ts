import 'reflect-metadata';
import { TokenIssuer, type Role, type Wilayah } from '@mcp/auth';
import { createEvent,
  eventSourceOf, EvidenceSubmitted, type EventContract, type EvidenceSubmittedV1 } from '@mcp/contracts';
import type { DirectEventPublisher } from '@mcp/messaging/testing';
import { seedReferenceData } from '@mcp/reference-data';
import { createServiceApp, databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, resetTopics, serviceTestEnv, startEventPublisher, waitFor } from '@mcp/testing';
import type { INestApplication, Type } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ScoringConfig } from '../../services/scoring/src/scoring-config';
import { scoringService } from '../../services/scoring/src/scoring.definition';
import type { Clock } from '../../services/verification/src/queue-settings/clock';
import { VerificationConfig } from '../../services/verification/src/verification-config';
import { verificationService } from '../../services/verification/src/verification.definition';

export interface UploadItem {
  pemdaCode: string;
  subIndicatorCode?: string;
  year?: number;
  submittedAt?: string;
  claimedValue?: number;
}

/** A clock the test moves by hand: leases expire and days pass without sleeping. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant);
  }

  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

/**
 * The verification service (on a ManualClock and its own config) and, when asked, the scoring
 * service, over the real test broker and database. Uploads, withdrawals and closed years are
 * produced straight onto their topics, exactly as submissions and scoring would emit them, so
 * these tests depend only on the event contracts.
 */
export class VerificationHarness {
  readonly clock: ManualClock;
  private readonly verificationConfig: VerificationConfig;
  private readonly scoringConfig: ScoringConfig;
  private readonly withScoring: boolean;
  private readonly apps = new Map<'verification' | 'scoring', INestApplication>();
  private publisher?: DirectEventPublisher;
  private readonly issuer = TokenIssuer.forDevelopment();

  constructor(options: { env: Record<string, string>; startAt: string; withScoring: boolean }) {
    this.clock = new ManualClock(new Date(options.startAt));
    const env = serviceTestEnv({ CONSUMER_RETRY_BACKOFF_MS: '50', ...options.env });
    this.verificationConfig = loadConfig(VerificationConfig, env);
    this.scoringConfig = loadConfig(ScoringConfig, env);
    this.withScoring = options.withScoring;
  }

  async start(): Promise<void> {
    await resetTopics();
    await dropSchemas(['verification', 'scoring']);
    await this.migrate(databaseSettingsOf(this.verificationConfig, verificationService));
    const verification = await createServiceApp(verificationService, this.verificationConfig, { clock: this.clock });
    await verification.listen(0, '127.0.0.1');
    this.apps.set('verification', verification);
    if (this.withScoring) {
      await this.migrate(databaseSettingsOf(this.scoringConfig, scoringService));
      const scoring = await createServiceApp(scoringService, this.scoringConfig);
      await scoring.listen(0, '127.0.0.1');
      this.apps.set('scoring', scoring);
    }
    this.publisher = await startEventPublisher('verification-harness');
  }

  async stop(): Promise<void> {
    await this.publisher?.stop();
    for (const app of this.apps.values()) await app.close();
    this.apps.clear();
  }

  http(name: 'verification' | 'scoring' = 'verification') {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running`);
    return request(app.getHttpServer());
  }

  /** One of verification's providers (e.g. a sweep the test runs by hand instead of on its timer). */
  provider<T>(type: Type<T>): T {
    const app = this.apps.get('verification');
    if (!app) throw new Error('verification is not running');
    return app.get(type);
  }

  token(subject: string, roles: Role[], wilayah?: Wilayah): Promise<string> {
    return this.issuer.issue({ subject, roles, ...(wilayah ? { wilayah } : {}) });
  }

  /** Produces an event onto its topic as its owning service would (CloudEvents, keyed). */
  async publish<TData>(contract: EventContract<TData>, data: TData): Promise<void> {
    const event = createEvent(contract, data, eventSourceOf(contract));
    await this.publisher?.publish(contract, event);
  }

  /** An upload of one file, as mcp.evidence.submitted.v1; resolves once the queue has it. */
  async upload(item: UploadItem): Promise<EvidenceSubmittedV1> {
    const evidence = this.evidence(item);
    await this.publish(EvidenceSubmitted, evidence);
    await this.waitForEvidence(evidence.evidenceId);
    return evidence;
  }

  /** The facts submissions would announce for one uploaded file. */
  evidence(item: UploadItem): EvidenceSubmittedV1 {
    const evidenceId = randomUUID();
    return {
      evidenceId,
      pemdaCode: item.pemdaCode,
      provinceCode: item.pemdaCode.slice(0, 2),
      year: item.year ?? 2024,
      subIndicatorCode: item.subIndicatorCode ?? 'PRC.1.1',
      claimedValue: item.claimedValue ?? 100,
      sha256: createHash('sha256').update(evidenceId).digest('hex'),
      sizeBytes: 2048,
      contentType: 'application/pdf',
      fileName: `SK ${item.subIndicatorCode ?? 'PRC.1.1'}.pdf`,
      submittedBy: `operator-${item.pemdaCode}`,
      submittedAt: item.submittedAt ?? this.clock.now().toISOString(),
    };
  }

  async waitForEvidence(evidenceId: string): Promise<void> {
    await waitFor(`evidence ${evidenceId} in the queue`, async () => (await this.taskOfEvidence(evidenceId)) !== undefined);
  }

  async taskOfEvidence(evidenceId: string): Promise<string | undefined> {
    const rows = await queryTestDatabase<{ task_id: string }>('SELECT task_id FROM verification.task_evidence WHERE evidence_id = $1', [evidenceId]);
    return rows[0]?.task_id;
  }

  /** Waits until scoring holds exactly this total for the Pemda (exact decimal string compare). */
  /**
   * Waits until scoring shows `expected` as the Pemda's total. A total that equals the starting
   * value (0) proves nothing by itself, so `afterDecision` also waits for scoring to have applied
   * that decision.
   */
  async waitForTotal(pemdaCode: string, expected: string, year = 2024, afterDecision?: string): Promise<void> {
    const admin = await this.token('admin-score-reader', ['admin']);
    if (afterDecision) {
      await waitFor(`scoring to apply decision ${afterDecision}`, async () => {
        const rows = await queryTestDatabase('SELECT 1 FROM scoring.decision_log WHERE decision_id = $1', [afterDecision]);
        return rows.length === 1 ? true : undefined;
      });
    }
    await waitFor(`the scoring total of ${pemdaCode} to be ${expected}`, async () => {
      const response = await this.http('scoring').get(`/v1/scores/pemda/${pemdaCode}?year=${year}`).set('Authorization', `Bearer ${admin}`);
      if (response.status !== 200 || Number(response.body.totalExact) !== Number(expected)) {
        throw new Error(`HTTP ${response.status}, totalExact ${response.body.totalExact}`);
      }
      return true;
    });
  }

  private async migrate(settings: ReturnType<typeof databaseSettingsOf>): Promise<void> {
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, settings.schema));
  }
}
