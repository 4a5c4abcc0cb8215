/*
 * Shapes of the answers the screens read, copied from the services' `*.view.ts` (the browser cannot
 * import Node code). Only the fields a screen uses are listed.
 */

export type Role = 'pemda-operator' | 'pemda-admin' | 'verifier' | 'qa' | 'analyst' | 'admin';
export const WILAYAH = ['I', 'II', 'III', 'IV', 'V'] as const;
export type Wilayah = (typeof WILAYAH)[number];
export type ColourBand = 'red' | 'yellow' | 'blue' | 'green';
export type Outcome = 'approved' | 'rejected' | 'revision_requested';

export interface SessionUser {
  subject: string;
  name: string;
  roles: Role[];
  role: Role;
  pemdaCode?: string;
  wilayah?: Wilayah;
  /** From the portal's Pemda list, for a Pemda-scoped user (services/portal/README.md). */
  pemdaName?: string;
}

export interface SessionView {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  devSignIn: boolean;
}

/** A subject the portal has seen sign in: GET /api/people (services/portal/src/people/person.view.ts). */
export interface PersonView {
  subject: string;
  name: string;
  roles: Role[];
}

/** One of the 546 Pemda of the portal's shipped list: GET /api/pemda, and the development sign-in's options. */
export interface PemdaEntry {
  code: string;
  name: string;
  kind: string;
  provinceCode: string;
  provinceName: string;
  wilayah: Wilayah;
  timeZone: string;
}

export interface DevOptions {
  roles: Role[];
  wilayah: Wilayah[];
  pemda: PemdaEntry[];
}

// submissions
export type ItemStatus = 'empty' | 'submitted' | 'revision_requested' | 'approved' | 'rejected' | 'not_counted';
export type EvidenceStatus = 'submitted' | 'approved' | 'rejected' | 'revision_requested' | 'withdrawn';

export interface EvidenceView {
  id: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  version: number;
  claimedValue: number | null;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  fileName: string;
  note: string | null;
  status: EvidenceStatus;
  statusReason: string | null;
  submittedBy: string;
  submittedAt: string;
  downloadUrl: string;
}

export interface SubmissionItemView {
  areaCode: string;
  indicatorCode: string;
  subIndicatorCode: string;
  name: string;
  rubricSteps: number[];
  status: ItemStatus;
  claimedValue: number | null;
  verifiedValue: number | null;
  decisionReason: string | null;
  /** Why scoring did not count the decision in force (status not_counted, docs/decisions.md #74). */
  notCountedReason: string | null;
  files: EvidenceView[];
}

export interface DeadlineView {
  effective: string;
  effectiveLocal: string;
  source: string;
  extended: boolean;
  open: boolean;
  /** When KPK closed the year: nothing more is accepted, whatever the deadline. */
  yearClosedAt: string | null;
}

export interface ProgressView {
  pemdaCode: string;
  pemdaName: string;
  year: number;
  deadline: DeadlineView;
  counts: Record<string, number>;
  items: SubmissionItemView[];
}

export interface HistoryEntryView {
  kind: 'uploaded' | 'claim_changed' | 'decided' | 'withdrawn' | 'not_counted';
  occurredAt: string;
  /** To the Pemda: "Verifikator KPK" for decisions, "Admin KPK" for an admin acting for it. */
  actor: string;
  onBehalfOfPemda: boolean;
  /** Who, as Indonesian text from the service, e.g. "oleh admin KPK atas nama Pemda". */
  actorLabel: string;
  evidenceId: string | null;
  version: number | null;
  claimedValue: number | null;
  outcome: string | null;
  verifiedValue: number | null;
  reason: string | null;
}

export interface SubmissionHistoryView {
  pemdaCode: string;
  year: number;
  item: SubmissionItemView;
  versions: EvidenceView[];
  history: HistoryEntryView[];
}

export interface DeadlineExtensionView {
  id: string;
  pemdaCode: string;
  year: number;
  until: string;
  untilLocal: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}

// verification
export interface TaskEvidenceView {
  evidenceId: string;
  sha256: string;
  fileName: string;
  sizeBytes: number;
  claimedValue: number | null;
  submittedAt: string;
  withdrawnAt: string | null;
  downloadUrl: string;
}

export interface DecisionView {
  id: string;
  taskId: string;
  sequence: number;
  kind: 'first' | 'correction' | 'qa-overturn';
  supersedesDecisionId: string | null;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  outcome: Outcome;
  verifiedValue: number | null;
  reasonCode: string | null;
  note: string | null;
  reason: string | null;
  decidedBy: string;
  decidedAt: string;
  correctableUntil: string | null;
}

export interface TaskView {
  id: string;
  pemdaCode: string;
  provinceCode: string;
  wilayah: string;
  year: number;
  subIndicatorCode: string;
  status: string;
  claimedValue: number | null;
  claimedBy: string | null;
  claimedAt: string | null;
  leaseExpiresAt: string | null;
  outcome: string | null;
  deadline: string;
  weightInTotal: string;
  waitingSince: string;
  revisionRounds: number;
  evidenceChangedAt: string;
  evidenceChangedSinceClaim: boolean;
  evidence: TaskEvidenceView[];
  decisions: DecisionView[];
}

export interface TaskSummary {
  id: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  deadline: string;
  weightInTotal: string;
  waitingSince: string;
  leaseExpiresAt: string | null;
  evidenceChangedSinceClaim: boolean;
}

export interface MyQueueView {
  wilayah: string;
  claimed: TaskSummary[];
  openInWilayah: number;
  next: TaskSummary[];
}

export interface TaskHistoryEntryView {
  at: string;
  kind: string;
  actor: string | null;
  detail: Record<string, unknown> | null;
}

export interface RejectionReasonView {
  code: string;
  label: string;
}

export interface DecisionReceipt {
  decisionId: string;
  sequence: number;
  kind: string;
}

export interface QaReviewView {
  id: string;
  status: 'pending' | 'confirmed' | 'overturned' | 'superseded';
  wilayah: string;
  sampledAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
  overturnDecisionId: string | null;
  decision: DecisionView;
}

interface DecisionTimes {
  decidedToday: number;
  medianSecondsToDecision: number | null;
  p90SecondsToDecision: number | null;
}

export interface WaitingTaskView {
  taskId: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  waitingSince: string;
}

export interface WilayahStats extends DecisionTimes {
  wilayah: string;
  date: string;
  open: number;
  claimed: number;
  oldestWaiting: WaitingTaskView | null;
}

export interface VerifierStats extends DecisionTimes {
  verifier: string;
  wilayah: string;
  date: string;
  claimed: number;
  oldestWaiting: WaitingTaskView | null;
}

/** notification's GET /v1/recipients: a person as filed for notices (their role and wilayah from their last sign-in). */
export interface RecipientView {
  userId: string;
  name: string | null;
  role: Role;
  pemdaCode: string | null;
  wilayah: string | null;
  email: string | null;
  locale: 'id' | 'en';
  active: boolean;
}

/** submissions' operator-assignment.view.ts: a Pemda's OPD accounts (docs/decisions.md #68). */
export interface OperatorAssignmentView {
  pemdaCode: string;
  operatorSubject: string;
  operatorName: string | null;
  opdName: string;
  areaCodes: string[];
  indicatorCodes: string[];
  picAreaCodes: string[];
  openItemCount: number;
  assignedBy: string;
  assignedAt: string;
}

export interface OperatorAssignmentsView {
  pemdaCode: string;
  operators: OperatorAssignmentView[];
  picByArea: Record<string, string>;
}

export interface AssignmentHistoryEntryView {
  id: string;
  kind: 'assigned' | 'removed' | 'handed_over';
  operatorSubject: string;
  toSubject: string | null;
  actor: string;
  occurredAt: string;
}

export interface VerifierWilayahView {
  subject: string;
  wilayah: string;
  assignedBy: string;
  assignedAt: string;
}

// scoring
export interface AreaScoreView {
  code: string;
  name: string;
  score: number;
  scoreExact: string;
}

export interface PemdaScoreView {
  pemdaCode: string;
  year: number;
  frameworkRevision: number;
  total: number;
  totalExact: string;
  areas: AreaScoreView[];
  colourBand: ColourBand;
  claimedTotal: number;
  claimGap: number;
  claimedAreas: AreaScoreView[];
  target: number;
  targetSource: 'pemda' | 'national';
  gapToTarget: number;
  changedAt: string | null;
  asOf: string | null;
}

export interface SubIndicatorExplanationView {
  code: string;
  name: string;
  weight: number;
  rubricKind: string;
  rubricSteps: number[];
  status: 'approved' | 'rejected' | 'revision_requested' | 'not_decided';
  claimedValue: number | null;
  verifiedValue: number | null;
  decisionId: string | null;
  evidenceIds: string[];
  decidedAt: string | null;
  score: string;
  shareOfTotal: string;
  contributionToTotal: string;
  computation: string;
}

export interface IndicatorExplanationView {
  code: string;
  name: string;
  weight: number;
  score: string;
  computation: string;
  subIndicators: SubIndicatorExplanationView[];
}

export interface AreaExplanationView {
  code: string;
  name: string;
  weight: number;
  score: string;
  computation: string;
  indicators: IndicatorExplanationView[];
}

export interface ScoreExplanationView {
  pemdaCode: string;
  year: number;
  frameworkRevision: number;
  total: string;
  computation: string;
  rule: string;
  areas: AreaExplanationView[];
}

export interface OpenSubIndicatorView {
  code: string;
  name: string;
  areaCode: string;
  indicatorCode: string;
  currentValue: number;
  gain: number;
  gainExact: string;
}

export interface PathToTargetView {
  pemdaCode: string;
  year: number;
  total: string;
  target: string;
  targetSource: 'pemda' | 'national';
  gap: string;
  reachable: boolean;
  totalAfterPriority: string;
  priority: OpenSubIndicatorView[];
  open: OpenSubIndicatorView[];
  algorithm: string;
}

export interface RegionAverageView {
  regionCode: string;
  regionKind: 'province' | 'wilayah' | 'national';
  year: number;
  average: number;
  averageExact: string;
  pemdaCount: number;
  colourBand: ColourBand;
  areas: { code: string; name: string; average: number; averageExact: string; colourBand: ColourBand }[];
  asOf: string | null;
}

export interface YearStatusView {
  year: number;
  closed: boolean;
  closedAt: string | null;
  closedBy: string | null;
}

export interface FrameworkRevisionView {
  year: number;
  revision: number;
  status: 'draft' | 'published';
  name: string;
  source: string;
  counts: { areas: number; indicators: number; subIndicators: number; requiredEvidence: number };
  importedBy: string | null;
  importedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  /** A draft's sub-indicators the newest published revision has and it drops; null when published. */
  removedSubIndicators: string[] | null;
}

export interface FrameworkDocument {
  year: number;
  uploadDeadline: string;
  timeZone: string;
  colourBands?: { band: ColourBand; from: number }[];
  areas: {
    code: string;
    name: string;
    indicators: {
      code: string;
      name: string;
      subIndicators: {
        code: string;
        name: string;
        rubricKind?: string;
        rubricSteps: number[];
        requiredEvidence: { code: string; name: string; points?: number }[];
      }[];
    }[];
  }[];
}

export interface FrameworkRevisionDocumentView extends FrameworkRevisionView {
  framework: FrameworkDocument;
}

export interface ImportProblemView {
  path: string;
  message: string;
  sheet?: string;
  row?: number;
  cell?: string;
}

// verification: clarification threads (clarification.view.ts)
export interface ClarificationMessageView {
  id: string;
  authorSide: 'verifier' | 'pemda';
  /** To the Pemda: "Verifikator KPK" / "Admin KPK" for a KPK person. */
  author: string;
  body: string;
  pausesClock: boolean;
  attachment: { id: string; downloadUrl: string } | null;
  postedAt: string;
}

export interface ClarificationThreadView {
  taskId: string;
  pemdaCode: string;
  year: number;
  subIndicatorCode: string;
  taskStatus: string;
  readOnly: boolean;
  clock: { paused: boolean; pausedSince: string | null; pausedSeconds: number };
  messages: ClarificationMessageView[];
}

export interface ClarificationThreadSummaryView {
  taskId: string;
  year: number;
  subIndicatorCode: string;
  taskStatus: string;
  messageCount: number;
  lastPostedAt: string;
  lastAuthorSide: 'verifier' | 'pemda';
  waitingForPemda: boolean;
  clockPaused: boolean;
  readOnly: boolean;
}

// notification
export interface InboxItemView {
  id: string;
  kind: string;
  pemdaCode: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPageView {
  items: InboxItemView[];
  unreadCount: number;
  nextCursor: string | null;
}

// reporting
export interface RegionFigure {
  regionCode: string;
  average: number;
  pemdaCount: number;
}

export interface NationalReportView {
  year: number;
  average: number;
  pemdaCount: number;
  wilayah: RegionFigure[];
  updatedAt: string | null;
}

export interface ProvinceRankingRow {
  rank: number;
  provinceCode: string;
  name: string;
  wilayah: string;
  average: number;
  pemdaCount: number;
}

export interface PemdaReportView {
  pemdaCode: string;
  name: string;
  kind: string;
  provinceCode: string;
  wilayah: string;
  year: number;
  total: number;
  areas: { code: string; score: number }[];
  rankInProvince: number;
  updatedAt: string | null;
}

export interface RegionReportView {
  regionCode: string;
  regionKind: string;
  year: number;
  average: number;
  averageExact: string;
  pemdaCount: number;
  areas: { code: string; average: number; averageExact: string }[];
  updatedAt: string | null;
}

export interface PemdaRankingRow {
  rank: number;
  pemdaCode: string;
  name: string;
  kind: string;
  provinceCode: string;
  wilayah: string;
  total: number;
  totalExact: string;
}

// live events (/api/live)
export interface LiveEvents {
  'score.updated': { pemdaCode: string; provinceCode: string; wilayah: string; year: number; total: string };
  'aggregate.updated': { regionKind: 'province' | 'wilayah' | 'national'; regionCode: string; year: number; average: string };
  'evidence.submitted': { pemdaCode: string; provinceCode: string; wilayah: string; year: number; subIndicatorCode: string };
  'evidence.verified': {
    pemdaCode: string;
    provinceCode: string;
    wilayah: string;
    year: number;
    subIndicatorCode: string;
    outcome: Outcome;
  };
}
export type LiveEventName = keyof LiveEvents;
