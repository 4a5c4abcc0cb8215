import type { EvidenceSubmittedV1 } from './events/evidence-submitted';
import type { EvidenceVerifiedV1 } from './events/evidence-verified';

/**
 * Valid example payloads, one per event type: documentation for downstream readers and the
 * starting point of every test that needs an event (override what the test is about).
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
