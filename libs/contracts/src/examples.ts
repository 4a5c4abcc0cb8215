import type { Framework } from '@mcp/mcp-domain';
import type { AggregateUpdatedV1 } from './events/aggregate-updated';
import type { DecisionRefusedV1 } from './events/decision-refused';
import type { DeadlineExtendedV1 } from './events/deadline-extended';
import type { EvidenceSubmittedV1 } from './events/evidence-submitted';
import type { EvidenceQuarantinedV1 } from './events/evidence-quarantined';
import type { EvidenceVerifiedV1 } from './events/evidence-verified';
import type { EvidenceWithdrawnV1 } from './events/evidence-withdrawn';
import type { FrameworkPublishedV1 } from './events/framework-published';
import type { QaReviewRequestedV1 } from './events/qa-review-requested';
import type { ScoreSnapshotV1 } from './events/score-snapshot';
import type { ScoreUpdatedV1 } from './events/score-updated';
import type { TaskLeaseExpiringV1 } from './events/task-lease-expiring';
import type { ClarificationMessagePostedV1 } from './events/clarification-message-posted';
import type { TaskReassignedV1 } from './events/task-reassigned';
import type { VerifierWilayahAssignedV1 } from './events/verifier-wilayah-assigned';
import type { YearClosedV1 } from './events/year-closed';
import type { AuditHeadV1 } from './events/audit-head';
import type { OperatorAssignmentsChangedV1 } from './events/operator-assignments-changed';
import type { ClarificationAttachmentUploadedV1 } from './events/clarification-attachment-uploaded';
import { Topics, type TopicName } from './topics';

/**
 * Valid example payloads, one per event type: documentation for downstream readers (the AsyncAPI
 * document shows them) and the starting point of every test that needs an event (override what
 * the test is about). They tell one story: Kota Bandung's 2024 evidence for PRC.1.1.
 */
export function exampleEvidenceSubmitted(overrides: Partial<EvidenceSubmittedV1> = {}): EvidenceSubmittedV1 {
  return {
    evidenceId: '0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10',
    pemdaCode: '32.73',
    provinceCode: '32',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    claimedValue: 100,
    sha256: 'a'.repeat(64),
    sizeBytes: 1024,
    contentType: 'application/pdf',
    fileName: 'sk-ssh-2024.pdf',
    submittedBy: 'operator-bandung',
    submittedAt: '2024-06-01T08:00:00.000Z',
    ...overrides,
  };
}

export function exampleEvidenceWithdrawn(overrides: Partial<EvidenceWithdrawnV1> = {}): EvidenceWithdrawnV1 {
  return {
    evidenceId: '0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10',
    pemdaCode: '32.73',
    provinceCode: '32',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    reason: 'Salah unggah: SK tahun 2023',
    withdrawnBy: 'operator-bandung',
    withdrawnAt: '2024-06-01T09:00:00.000Z',
    ...overrides,
  };
}

export function exampleEvidenceVerified(overrides: Partial<EvidenceVerifiedV1> = {}): EvidenceVerifiedV1 {
  return {
    decisionId: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    sequence: 1,
    pemdaCode: '32.73',
    provinceCode: '32',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    outcome: 'approved',
    verifiedValue: 50,
    claimedValue: 100,
    reason: null,
    evidenceIds: ['0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10'],
    decidedBy: 'verifier-1',
    decidedAt: '2024-06-02T08:00:00.000Z',
    ...overrides,
  };
}

export function exampleDecisionRefused(overrides: Partial<DecisionRefusedV1> = {}): DecisionRefusedV1 {
  return {
    decisionId: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    sequence: 1,
    pemdaCode: '32.73',
    provinceCode: '32',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    outcome: 'approved',
    reasonCode: 'year_closed',
    reason: 'Tidak dihitung: tahun 2024 sudah ditutup pada 31 Maret 2025 pukul 17.00 WIB, sehingga keputusan ini tidak mengubah nilai akhir',
    refusedEventId: '3f6c2a1e-9b8d-4c7e-a5f4-1e2d3c4b5a69',
    refusedAt: '2025-03-31T10:00:05.000Z',
    ...overrides,
  };
}

export function exampleScoreUpdated(overrides: Partial<ScoreUpdatedV1> = {}): ScoreUpdatedV1 {
  return {
    pemdaCode: '32.73',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    frameworkRevision: 2,
    total: '4.1250',
    previousTotal: '0',
    areas: [{ code: 'PRC', score: '33.0000' }],
    causedByDecisionId: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
    computedAt: '2024-06-02T08:00:01.000Z',
    ...overrides,
  };
}

export function exampleScoreSnapshot(overrides: Partial<ScoreSnapshotV1> = {}): ScoreSnapshotV1 {
  return {
    pemdaCode: '32.73',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    frameworkRevision: 2,
    total: '4.1250',
    areas: [{ code: 'PRC', score: '33.0000' }],
    computedAt: '2024-06-02T08:00:01.000Z',
    ...overrides,
  };
}

export function exampleAggregateUpdated(overrides: Partial<AggregateUpdatedV1> = {}): AggregateUpdatedV1 {
  return {
    regionCode: 'wilayah-III',
    regionKind: 'wilayah',
    year: 2024,
    average: '0.0375',
    scoreSum: '4.1250',
    pemdaCount: 110,
    updatedAt: '2024-06-02T08:00:01.000Z',
    areas: [{ code: 'PRC', scoreSum: '33.0000', average: '0.3000000000' }],
    decisionIds: ['7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b'],
    ...overrides,
  };
}

export function exampleFrameworkPublished(overrides: Partial<FrameworkPublishedV1> = {}): FrameworkPublishedV1 {
  // `satisfies Framework`: the schema leaves the document's shape to libs/mcp-domain, so the
  // example is held to the domain type instead.
  const framework = {
    year: 2024,
    revision: 2,
    name: 'MCP 2024',
    uploadDeadline: '2024-11-30T23:59:59+07:00',
    timeZone: 'Asia/Jakarta',
    areas: [
      {
        code: 'PRC',
        name: 'Perencanaan',
        weight: 100,
        indicators: [
          {
            code: 'PRC.1',
            name: 'Penyusunan RKPD',
            weight: 100,
            subIndicators: [
              {
                code: 'PRC.1.1',
                name: 'Standar Satuan Harga (SSH)',
                weight: 100,
                rubricSteps: [0, 50, 100],
                requiredEvidence: [{ code: 'PRC.1.1.a', name: 'SK Kepala Daerah tentang SSH' }],
              },
            ],
          },
        ],
      },
    ],
  } satisfies Framework;
  return { year: 2024, revision: 2, framework, publishedAt: '2024-03-01T00:00:00.000Z', ...overrides };
}

export function exampleAuditHead(overrides: Partial<AuditHeadV1> = {}): AuditHeadV1 {
  return { lane: 0, sequence: 42, headHash: 'ab'.repeat(32), publishedAt: '2025-03-31T10:05:00.000Z', ...overrides };
}

export function exampleYearClosed(overrides: Partial<YearClosedV1> = {}): YearClosedV1 {
  return { year: 2024, closedAt: '2025-03-31T10:00:00.000Z', closedBy: 'admin-kpk', finalScores: [{ pemdaCode: '32.73', total: '4.1250' }], ...overrides };
}

export function exampleDeadlineExtended(overrides: Partial<DeadlineExtendedV1> = {}): DeadlineExtendedV1 {
  return {
    extensionId: '5d0c2b7e-8f41-4a9c-b3e2-6a1f0d9c8b7a',
    pemdaCode: '32.73',
    provinceCode: '32',
    year: 2024,
    generalDeadline: '2024-11-30T16:59:59.000Z',
    until: '2024-12-07T16:59:59.000Z',
    reason: 'Banjir melanda kantor Inspektorat',
    grantedBy: 'admin-kpk',
    grantedAt: '2024-11-28T03:00:00.000Z',
    ...overrides,
  };
}

export function exampleTaskReassigned(overrides: Partial<TaskReassignedV1> = {}): TaskReassignedV1 {
  return {
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    pemdaCode: '32.73',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    fromVerifier: 'verifier-1',
    toVerifier: 'verifier-2',
    leaseExpiresAt: '2024-06-02T08:30:00.000Z',
    reassignedBy: 'admin-kpk',
    at: '2024-06-02T08:00:00.000Z',
    ...overrides,
  };
}

export function exampleTaskLeaseExpiring(overrides: Partial<TaskLeaseExpiringV1> = {}): TaskLeaseExpiringV1 {
  return {
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    pemdaCode: '32.73',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    claimedBy: 'verifier-2',
    leaseExpiresAt: '2024-06-02T08:30:00.000Z',
    warnedAt: '2024-06-02T08:25:00.000Z',
    ...overrides,
  };
}

export function exampleQaReviewRequested(overrides: Partial<QaReviewRequestedV1> = {}): QaReviewRequestedV1 {
  return {
    reviewId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
    decisionId: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    pemdaCode: '32.73',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    outcome: 'approved',
    decidedBy: 'verifier-1',
    decidedAt: '2024-06-02T08:00:00.000Z',
    sampledAt: '2024-06-02T08:00:00.000Z',
    ...overrides,
  };
}

export function exampleVerifierWilayahAssigned(overrides: Partial<VerifierWilayahAssignedV1> = {}): VerifierWilayahAssignedV1 {
  return {
    subject: 'verifier-2',
    wilayah: 'V',
    assignedBy: 'admin-kpk',
    assignedAt: '2024-06-02T08:00:00.000Z',
    ...overrides,
  };
}

export function exampleOperatorAssignmentsChanged(overrides: Partial<OperatorAssignmentsChangedV1> = {}): OperatorAssignmentsChangedV1 {
  return {
    pemdaCode: '32.73',
    revision: 3,
    change: 'assigned',
    changedBy: 'admin-bandung',
    changedAt: '2024-05-20T02:00:00.000Z',
    operators: [
      { operatorSubject: 'operator-bappeda', opdName: 'Bappeda', areaCodes: ['PRC'], indicatorCodes: [], picAreaCodes: ['PRC'] },
      { operatorSubject: 'operator-bpkad', opdName: 'BPKAD', areaCodes: [], indicatorCodes: ['PBJ.1'], picAreaCodes: [] },
    ],
    ...overrides,
  };
}

/** Keyed by topic so that a contract without an example does not compile. */
const examplesByTopic: { readonly [T in TopicName]: () => unknown } = {
  [Topics.evidenceSubmitted]: exampleEvidenceSubmitted,
  [Topics.evidenceWithdrawn]: exampleEvidenceWithdrawn,
  [Topics.evidenceVerified]: exampleEvidenceVerified,
  [Topics.decisionRefused]: exampleDecisionRefused,
  [Topics.scoreUpdated]: exampleScoreUpdated,
  [Topics.scoreSnapshot]: exampleScoreSnapshot,
  [Topics.aggregateUpdated]: exampleAggregateUpdated,
  [Topics.frameworkPublished]: exampleFrameworkPublished,
  [Topics.yearClosed]: exampleYearClosed,
  [Topics.deadlineExtended]: exampleDeadlineExtended,
  [Topics.taskReassigned]: exampleTaskReassigned,
  [Topics.taskLeaseExpiring]: exampleTaskLeaseExpiring,
  [Topics.qaReviewRequested]: exampleQaReviewRequested,
  [Topics.evidenceQuarantined]: exampleEvidenceQuarantined,
  [Topics.verifierWilayahAssigned]: exampleVerifierWilayahAssigned,
  [Topics.auditHead]: exampleAuditHead,
  [Topics.clarificationMessagePosted]: exampleClarificationMessagePosted,
  [Topics.operatorAssignmentsChanged]: exampleOperatorAssignmentsChanged,
  [Topics.clarificationAttachmentUploaded]: exampleClarificationAttachmentUploaded,
};

export function exampleEvidenceQuarantined(overrides: Partial<EvidenceQuarantinedV1> = {}): EvidenceQuarantinedV1 {
  return {
    quarantineId: '7c4e2a91-3b5d-4f6e-8a1c-2d9b0e7f6a53',
    pemdaCode: '32.73',
    provinceCode: '32',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    fileName: 'laporan-pengadaan.zip',
    sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
    sizeBytes: 184,
    signatures: ['Win.Test.EICAR_HDB-1'],
    uploadedBy: 'operator-bandung',
    detectedAt: '2024-11-20T02:15:00.000Z',
    ...overrides,
  };
}

export function exampleOf(topic: TopicName): unknown {
  return examplesByTopic[topic]();
}

export function exampleClarificationMessagePosted(overrides: Partial<ClarificationMessagePostedV1> = {}): ClarificationMessagePostedV1 {
  return {
    messageId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
    taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    pemdaCode: '32.73',
    provinceCode: '32',
    wilayah: 'III',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    authorSide: 'verifier',
    author: 'verifier-1',
    verifier: 'verifier-1',
    pausesClock: true,
    clockResumed: false,
    attachmentId: null,
    postedAt: '2024-06-02T08:00:00.000Z',
    ...overrides,
  };
}

export function exampleClarificationAttachmentUploaded(overrides: Partial<ClarificationAttachmentUploadedV1> = {}): ClarificationAttachmentUploadedV1 {
  return {
    attachmentId: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
    pemdaCode: '32.73',
    year: 2024,
    subIndicatorCode: 'PRC.1.1',
    uploadedBy: 'operator-bandung',
    uploadedAt: '2024-06-02T09:00:00.000Z',
    ...overrides,
  };
}
