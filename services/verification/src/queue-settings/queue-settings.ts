import type { VerificationConfig } from '../verification-config';

/** The queue's tunable rules, taken from the validated config once at start-up. */
export interface QueueSettings {
  leaseMinutes: number;
  /** Minutes before a lease ends that its holder is warned. */
  leaseWarningMinutes: number;
  /** How often the lease sweep runs; 0: never. */
  leaseWarningIntervalMs: number;
  maxRevisionRounds: number;
  correctionPeriodDays: number;
  qaSamplePercent: number;
  statsTimeZone: string;
  submissionsPublicUrl: string;
}

export const QUEUE_SETTINGS = Symbol('QUEUE_SETTINGS');

export function queueSettingsOf(config: VerificationConfig): QueueSettings {
  return {
    leaseMinutes: config.CLAIM_LEASE_MINUTES,
    leaseWarningMinutes: config.LEASE_WARNING_MINUTES,
    leaseWarningIntervalMs: config.LEASE_WARNING_INTERVAL_MS,
    maxRevisionRounds: config.MAX_REVISION_ROUNDS,
    correctionPeriodDays: config.CORRECTION_PERIOD_DAYS,
    qaSamplePercent: config.QA_SAMPLE_PERCENT,
    statsTimeZone: config.STATS_TIME_ZONE,
    submissionsPublicUrl: config.SUBMISSIONS_PUBLIC_URL.replace(/\/+$/, ''),
  };
}
