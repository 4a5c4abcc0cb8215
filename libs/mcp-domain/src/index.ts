export * from './vocabulary';
export { MAX_DECIMAL_PLACES } from './framework-fields';
export { Decimal } from './decimal';
export { isIanaTimeZone, isIsoInstantWithOffset } from './iso-instant';
export type {
  Area,
  Framework,
  Indicator,
  Label,
  RequiredEvidence,
  RubricKind,
  SubIndicator,
} from './framework';
export type { FrameworkProblem } from './framework-problems';
export { validateFramework, type FrameworkValidation } from './validate-framework';
export {
  findSubIndicator,
  indexFramework,
  subIndicatorWeightInTotal,
  type FrameworkIndex,
  type LocatedSubIndicator,
} from './framework-index';
export { evidencePointSteps, isRubricStep, MAX_POINTS_EVIDENCE } from './rubric';
export {
  computeClaimedScore,
  computePemdaScore,
  roundScore,
  scorableValues,
  unscorableValues,
  type PemdaScore,
  type UnscorableValue,
} from './pemda-score';
export { ScoringInputError } from './scoring-input-error';
export {
  claimedValuesOf,
  decisionsInForce,
  supersedes,
  verifiedValuesOf,
  type ScoredDecision,
} from './decisions-in-force';
export {
  applyScoreDelta,
  areaAverageOf,
  averageOf,
  openAggregate,
  addScoreDeltas,
  sameAggregate,
  scoreDelta,
  type RegionAggregate,
  type ScoreDelta,
} from './region-aggregate';
export { aggregatesFromScratch, recomputePemda, type RecomputedPemda } from './recompute';
export {
  explainPemdaScore,
  type AreaExplanation,
  type ExplainedDecision,
  type IndicatorExplanation,
  type ScoreExplanation,
  type SubIndicatorExplanation,
  type SubIndicatorStatus,
} from './explain';
export { pathToTarget, type OpenSubIndicator, type PathToTarget } from './path-to-target';
export {
  bandsOf,
  colourBand,
  DEFAULT_BANDS,
  type BandThreshold,
  type ColourBand,
} from './colour-band';
export { formatLocalTime, KPK_TIME_ZONE, localTimeZoneOf, type LocalTimeZone } from './local-time-zone';
export {
  assignmentCovers,
  assignmentRefusal,
  type AssignmentFacts,
  type AssignmentRefusal,
  type OperatorAssignmentScope,
} from './operator-assignment';
export { deadlineInForce } from './upload-deadline';
