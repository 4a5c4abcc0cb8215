import {
  createEvent,
  eventSourceOf,
  EvidenceSubmitted,
  EvidenceVerified,
  EvidenceWithdrawn,
  exampleEvidenceSubmitted,
  exampleEvidenceVerified,
  exampleEvidenceWithdrawn,
  type EvidenceSubmittedV1,
  type EvidenceVerifiedV1,
  type EvidenceWithdrawnV1,
  type McpEvent,
} from '@mcp/contracts';
import { Decimal, type Framework } from '@mcp/mcp-domain';
import { randomUUID } from 'node:crypto';

/*
 * A year of uploads, withdrawals and decisions for a few Pemda, and the figures they must give,
 * computed here the plain way (loops over the events) and never through the service's code.
 */

const HOUR = 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

export interface TrailPemda {
  code: string;
  province_code: string;
  wilayah: string;
}

export interface EvidenceTrail {
  submitted: McpEvent<EvidenceSubmittedV1>[];
  withdrawn: McpEvent<EvidenceWithdrawnV1>[];
  verified: McpEvent<EvidenceVerifiedV1>[];
}

/**
 * Per Pemda, 2 to 5 sub-indicators, each in one of five stories: approved as claimed (sometimes
 * corrected to a rejection three days later), approved below the claim, rejected, sent back for
 * revision then approved on a second upload, or still waiting. Every sixth Pemda also uploads a
 * wrong file and withdraws it two days later.
 */
export function evidenceTrail(pemda: TrailPemda[], subIndicators: string[], year: number): EvidenceTrail {
  const trail: EvidenceTrail = { submitted: [], withdrawn: [], verified: [] };
  const upload = (row: TrailPemda, subIndicatorCode: string, claimedValue: number, at: number) => {
    const data = exampleEvidenceSubmitted({
      evidenceId: randomUUID(),
      pemdaCode: row.code,
      provinceCode: row.province_code,
      year,
      subIndicatorCode,
      claimedValue,
      submittedBy: `operator-${row.code}`,
      submittedAt: iso(at),
    });
    trail.submitted.push(createEvent(EvidenceSubmitted, data, eventSourceOf(EvidenceSubmitted)));
    return data;
  };
  const decide = (
    judged: EvidenceSubmittedV1[],
    sequence: number,
    outcome: EvidenceVerifiedV1['outcome'],
    verifiedValue: number | null,
    at: number,
  ) => {
    const [{ pemdaCode, provinceCode, subIndicatorCode }] = judged;
    const data = exampleEvidenceVerified({
      decisionId: randomUUID(),
      taskId: randomUUID(),
      sequence,
      pemdaCode,
      provinceCode,
      year,
      subIndicatorCode,
      outcome,
      verifiedValue,
      claimedValue: judged[judged.length - 1].claimedValue,
      reason: outcome === 'approved' ? null : 'Dokumen belum ditandatangani',
      evidenceIds: judged.map((evidence) => evidence.evidenceId),
      decidedBy: 'verifier-trail-test',
      decidedAt: iso(at),
    });
    trail.verified.push(createEvent(EvidenceVerified, data, eventSourceOf(EvidenceVerified)));
  };

  pemda.forEach((row, i) => {
    for (let k = 0; k < 2 + (i % 4); k += 1) {
      const sub = subIndicators[(i * 5 + k * 2) % subIndicators.length];
      const uploadedAt = Date.UTC(year, 2 + ((i + k) % 8), 10, (i * 3 + k) % 20);
      const wait = (1 + ((i * 7 + k * 13) % 200)) * HOUR;
      const story = (i + k) % 5;
      const first = upload(row, sub, story === 2 ? 50 : 100, uploadedAt);
      if (story === 0) {
        decide([first], 1, 'approved', 100, uploadedAt + wait);
        if (i % 7 === 0) decide([first], 2, 'rejected', null, uploadedAt + wait + 72 * HOUR);
      } else if (story === 1) {
        decide([first], 1, 'approved', 50, uploadedAt + wait);
      } else if (story === 2) {
        decide([first], 1, 'rejected', null, uploadedAt + wait);
      } else if (story === 3) {
        const askedAt = uploadedAt + wait;
        decide([first], 1, 'revision_requested', null, askedAt);
        const second = upload(row, sub, 50, askedAt + 24 * HOUR);
        decide([first, second], 2, 'approved', 50, askedAt + 24 * HOUR + wait);
      }
    }
    if (i % 6 === 0) {
      const at = Date.UTC(year, 4, 20, 3);
      const wrong = upload(row, subIndicators[(i * 5 + 1) % subIndicators.length], 100, at);
      const data = exampleEvidenceWithdrawn({
        evidenceId: wrong.evidenceId,
        pemdaCode: row.code,
        provinceCode: row.province_code,
        year,
        subIndicatorCode: wrong.subIndicatorCode,
        withdrawnBy: `operator-${row.code}`,
        withdrawnAt: iso(at + 48 * HOUR),
      });
      trail.withdrawn.push(createEvent(EvidenceWithdrawn, data, eventSourceOf(EvidenceWithdrawn)));
    }
  });
  return trail;
}

/** One Pemda × sub-indicator as the events tell it at an instant. */
export interface ItemState {
  evidenceCount: number;
  claimedValue: number | null;
  outcome: EvidenceVerifiedV1['outcome'] | null;
  verifiedValue: number | null;
  decidedAt: string | null;
}

/**
 * Every Pemda × sub-indicator (`pemda/sub`) with an upload not withdrawn or a decision before
 * `cutoff` (ms; everything when absent): the claim of its newest live upload, the decision with the
 * highest sequence, its verified value (a rejection 0, no verdict none).
 */
export function itemStates(
  submitted: EvidenceSubmittedV1[],
  withdrawn: EvidenceWithdrawnV1[],
  verified: EvidenceVerifiedV1[],
  cutoff = Infinity,
): Map<string, ItemState> {
  const gone = new Set(withdrawn.filter((w) => Date.parse(w.withdrawnAt) < cutoff).map((w) => w.evidenceId));
  const states = new Map<string, ItemState & { newestUpload: number; sequence: number }>();
  const stateOf = (pemdaCode: string, sub: string) => {
    const key = `${pemdaCode}/${sub}`;
    const state = states.get(key) ?? {
      evidenceCount: 0,
      claimedValue: null,
      outcome: null,
      verifiedValue: null,
      decidedAt: null,
      newestUpload: -Infinity,
      sequence: 0,
    };
    states.set(key, state);
    return state;
  };
  for (const upload of submitted) {
    const at = Date.parse(upload.submittedAt);
    if (at >= cutoff || gone.has(upload.evidenceId)) continue;
    const state = stateOf(upload.pemdaCode, upload.subIndicatorCode);
    state.evidenceCount += 1;
    if (at > state.newestUpload) {
      state.newestUpload = at;
      state.claimedValue = upload.claimedValue;
    }
  }
  for (const decision of verified) {
    if (Date.parse(decision.decidedAt) >= cutoff) continue;
    const state = stateOf(decision.pemdaCode, decision.subIndicatorCode);
    if (decision.sequence <= state.sequence) continue;
    state.sequence = decision.sequence;
    state.outcome = decision.outcome;
    state.decidedAt = decision.decidedAt;
    state.verifiedValue = decision.outcome === 'approved' ? decision.verifiedValue : decision.outcome === 'rejected' ? 0 : null;
  }
  return new Map([...states].map(([key, { newestUpload: _newestUpload, sequence: _sequence, ...state }]) => [key, state]));
}

/** Uploaded and verified counts over some Pemda, for the sub-indicators of the framework. */
export function completenessOf(states: Map<string, ItemState>, pemdaCodes: string[], subIndicators: string[]) {
  let uploaded = 0;
  let verifiedCount = 0;
  for (const pemdaCode of pemdaCodes) {
    for (const sub of subIndicators) {
      const state = states.get(`${pemdaCode}/${sub}`);
      if (state && state.evidenceCount > 0) uploaded += 1;
      if (state?.outcome === 'approved' || state?.outcome === 'rejected') verifiedCount += 1;
    }
  }
  const share = (count: number) =>
    Number(new Decimal(count).times(100).dividedBy(pemdaCodes.length * subIndicators.length).toFixed(2, Decimal.ROUND_HALF_UP));
  return { uploaded, verified: verifiedCount, uploadedShare: share(uploaded), verifiedShare: share(verifiedCount) };
}

/** Area and total scores of some values: Σ area weight × Σ indicator weight × Σ sub weight × value, each /100. */
function rollUp(framework: Framework, values: Map<string, number>): { total: Decimal; areas: Map<string, Decimal> } {
  const areas = new Map<string, Decimal>();
  let total = new Decimal(0);
  for (const area of framework.areas) {
    let areaScore = new Decimal(0);
    for (const indicator of area.indicators) {
      let indicatorScore = new Decimal(0);
      for (const sub of indicator.subIndicators) {
        const value = values.get(sub.code);
        if (value !== undefined) indicatorScore = indicatorScore.plus(new Decimal(sub.weight).times(value).dividedBy(100));
      }
      areaScore = areaScore.plus(new Decimal(indicator.weight).times(indicatorScore).dividedBy(100));
    }
    areas.set(area.code, areaScore);
    total = total.plus(new Decimal(area.weight).times(areaScore).dividedBy(100));
  }
  return { total, areas };
}

/** The claimed-vs-verified gap of one Pemda over its sub-indicators with a verdict in force. */
export function claimGapOf(states: Map<string, ItemState>, pemdaCode: string, framework: Framework) {
  const claims = new Map<string, number>();
  const verifiedValues = new Map<string, number>();
  let decided = 0;
  for (const [key, state] of states) {
    const [code, sub] = key.split('/');
    if (code !== pemdaCode || (state.outcome !== 'approved' && state.outcome !== 'rejected')) continue;
    decided += 1;
    if (state.claimedValue !== null) claims.set(sub, state.claimedValue);
    verifiedValues.set(sub, state.verifiedValue ?? 0);
  }
  const claimed = rollUp(framework, claims);
  const verifiedScore = rollUp(framework, verifiedValues);
  const round = (value: Decimal) => Number(value.toFixed(2, Decimal.ROUND_HALF_UP));
  return {
    decided,
    claimed: round(claimed.total),
    verified: round(verifiedScore.total),
    gap: round(claimed.total.minus(verifiedScore.total)),
    areas: framework.areas.map(({ code }) => {
      const [c, v] = [claimed.areas.get(code) ?? new Decimal(0), verifiedScore.areas.get(code) ?? new Decimal(0)];
      return { code, claimed: round(c), verified: round(v), gap: round(c.minus(v)) };
    }),
  };
}

/** percentile_cont: linear interpolation between the closest ranks of the sorted values. */
export function percentileCont(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const [low, high] = [Math.floor(position), Math.ceil(position)];
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/**
 * Turnaround per wilayah and month (WIB) of the decision: each decision timed from the newest
 * upload it judged, counted when no other decision on the item came between that upload and it.
 */
export function turnaroundOf(
  submitted: EvidenceSubmittedV1[],
  verified: EvidenceVerifiedV1[],
  wilayahOf: (pemdaCode: string) => string,
): { wilayah: string; month: string; decided: number; medianSeconds: number; p90Seconds: number }[] {
  const uploadedAt = new Map(submitted.map((upload) => [upload.evidenceId, Date.parse(upload.submittedAt)]));
  const groups = new Map<string, number[]>();
  for (const decision of verified) {
    const times = decision.evidenceIds.map((id) => uploadedAt.get(id)).filter((at): at is number => at !== undefined);
    if (times.length === 0) continue;
    const since = Math.max(...times);
    const decidedAt = Date.parse(decision.decidedAt);
    const reJudged = verified.some(
      (other) =>
        other !== decision &&
        other.pemdaCode === decision.pemdaCode &&
        other.subIndicatorCode === decision.subIndicatorCode &&
        Date.parse(other.decidedAt) >= since &&
        Date.parse(other.decidedAt) < decidedAt,
    );
    if (reJudged) continue;
    const month = new Date(decidedAt + 7 * HOUR).toISOString().slice(0, 7);
    const key = `${wilayahOf(decision.pemdaCode)}|${month}`;
    groups.set(key, [...(groups.get(key) ?? []), (decidedAt - since) / 1000]);
  }
  return [...groups]
    .map(([key, seconds]) => {
      const [wilayah, month] = key.split('|');
      const sorted = [...seconds].sort((a, b) => a - b);
      return {
        wilayah,
        month,
        decided: sorted.length,
        medianSeconds: Math.round(percentileCont(sorted, 0.5) * 1000) / 1000,
        p90Seconds: Math.round(percentileCont(sorted, 0.9) * 1000) / 1000,
      };
    })
    .sort((a, b) => (a.wilayah === b.wilayah ? a.month.localeCompare(b.month) : a.wilayah.localeCompare(b.wilayah)));
}
