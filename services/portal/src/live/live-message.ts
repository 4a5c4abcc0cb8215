import type { AuthPrincipal, Wilayah } from '@mcp/auth';
import {
  AggregateUpdated,
  EvidenceSubmitted,
  EvidenceVerified,
  ScoreUpdated,
  type AggregateUpdatedV1,
  type EvidenceSubmittedV1,
  type EvidenceVerifiedV1,
  type McpEvent,
  type ScoreUpdatedV1,
} from '@mcp/contracts';

export const LIVE_TOPICS = [ScoreUpdated.topic, AggregateUpdated.topic, EvidenceSubmitted.topic, EvidenceVerified.topic] as const;

/**
 * What a page is told: which thing changed, in the fewest fields that let it decide to re-fetch.
 * `pemdaCode` / `wilayah` say who may hear it; the figures themselves come from the APIs, which
 * apply every read rule.
 */
export type LiveMessage =
  | { event: 'score.updated'; data: { pemdaCode: string; provinceCode: string; wilayah: Wilayah; year: number; total: string } }
  | { event: 'aggregate.updated'; data: { regionKind: string; regionCode: string; year: number; average: string } }
  | { event: 'evidence.submitted'; data: { pemdaCode: string; provinceCode: string; wilayah?: Wilayah; year: number; subIndicatorCode: string } }
  | {
      event: 'evidence.verified';
      data: { pemdaCode: string; provinceCode: string; wilayah?: Wilayah; year: number; subIndicatorCode: string; outcome: string };
    };

export function toLiveMessage(event: McpEvent<unknown>, wilayahOf: (pemdaCode: string) => Wilayah | undefined): LiveMessage | null {
  switch (event.type) {
    case ScoreUpdated.type: {
      const data = event.data as ScoreUpdatedV1;
      return { event: 'score.updated', data: { pemdaCode: data.pemdaCode, provinceCode: data.provinceCode, wilayah: data.wilayah, year: data.year, total: data.total } };
    }
    case AggregateUpdated.type: {
      const data = event.data as AggregateUpdatedV1;
      return { event: 'aggregate.updated', data: { regionKind: data.regionKind, regionCode: data.regionCode, year: data.year, average: data.average } };
    }
    case EvidenceSubmitted.type: {
      const data = event.data as EvidenceSubmittedV1;
      const { pemdaCode, provinceCode, year, subIndicatorCode } = data;
      return { event: 'evidence.submitted', data: { pemdaCode, provinceCode, wilayah: wilayahOf(pemdaCode), year, subIndicatorCode } };
    }
    case EvidenceVerified.type: {
      const data = event.data as EvidenceVerifiedV1;
      const { pemdaCode, provinceCode, year, subIndicatorCode, outcome } = data;
      return { event: 'evidence.verified', data: { pemdaCode, provinceCode, wilayah: wilayahOf(pemdaCode), year, subIndicatorCode, outcome } };
    }
    default:
      return null;
  }
}

/**
 * The read rule of the services (a Pemda's users see their own Pemda, verifiers and QA their
 * wilayah, KPK analysts and admins everything) applied to live hints. Aggregates are national
 * figures every signed-in person may see.
 */
export function mayReceive(principal: AuthPrincipal, message: LiveMessage): boolean {
  if (message.event === 'aggregate.updated') return true;
  const { pemdaCode, wilayah } = message.data;
  if (principal.roles.some((role) => role === 'admin' || role === 'analyst')) return true;
  if (principal.pemdaCode !== undefined && principal.pemdaCode === pemdaCode) return true;
  if (principal.wilayah !== undefined && principal.wilayah === wilayah && principal.roles.some((role) => role === 'verifier' || role === 'qa')) return true;
  return false;
}
