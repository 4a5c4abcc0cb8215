export { Decimal } from './decimal';
export type { Area, Framework, Indicator, RequiredEvidence, SubIndicator } from './framework';
export type { FrameworkProblem } from './framework-problems';
export { validateFramework, type FrameworkValidation } from './validate-framework';
export {
  findSubIndicator,
  indexFramework,
  subIndicatorWeightInTotal,
  type FrameworkIndex,
  type LocatedSubIndicator,
} from './framework-index';
export { isRubricStep } from './rubric';
export { computePemdaScore, roundScore, type PemdaScore } from './pemda-score';
export { ScoringInputError } from './scoring-input-error';
export {
  applyScoreChange,
  averageOf,
  emptyAggregate,
  type RegionAggregate,
} from './region-aggregate';
export { colourBand, DEFAULT_BANDS, type BandThreshold, type ColourBand } from './colour-band';
