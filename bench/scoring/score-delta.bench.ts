import { loadFramework, loadPemdaList } from '@mcp/master-data';
import {
  aggregatesFromScratch,
  applyScoreDelta,
  computePemdaScore,
  openAggregate,
  recomputePemda,
  scoreDelta,
  verifiedValuesOf,
  type PemdaScore,
  type RegionAggregate,
  type ScoredDecision,
} from '@mcp/mcp-domain';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/*
 * The cost of one decision in the scoring rules (re-score the Pemda, move three regions by delta)
 * stays flat whatever the number of Pemda in a region, while a rescan grows with it; and a full
 * recompute of a year stays in seconds. Pure domain code only (no database, no Kafka): it measures
 * the rules, not the I/O. Run:
 *   node -r @swc-node/register bench/scoring/score-delta.bench.ts
 * Writes bench/results/scoring-delta.json.
 */
const framework = loadFramework(2024);
const subIndicators = framework.areas.flatMap((area) => area.indicators.flatMap((indicator) => indicator.subIndicators));
const EVENTS = 20_000;

function decisionsFor(count: number, pemdaCodes: string[]): (ScoredDecision & { pemdaCode: string })[] {
  return Array.from({ length: count }, (_, i) => {
    const sub = subIndicators[(i * 7) % subIndicators.length];
    return {
      pemdaCode: pemdaCodes[(i * 5) % pemdaCodes.length],
      decisionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      subIndicatorCode: sub.code,
      outcome: 'approved' as const,
      verifiedValue: sub.rubricSteps[i % sub.rubricSteps.length],
      claimedValue: 100,
      sequence: i,
    };
  });
}

/** Per event: re-score one Pemda and apply its delta to its three regions. */
function deltaPerEvent(regionPemdaCount: number): number {
  const codes = Array.from({ length: 546 }, (_, i) => `P${i}`);
  const decisions = decisionsFor(EVENTS, codes);
  const values = new Map<string, Map<string, ScoredDecision>>();
  const scores = new Map<string, PemdaScore>();
  const regions = [openAggregate(regionPemdaCount), openAggregate(regionPemdaCount), openAggregate(regionPemdaCount)];
  const started = performance.now();
  for (const decision of decisions) {
    const own = values.get(decision.pemdaCode) ?? new Map<string, ScoredDecision>();
    values.set(decision.pemdaCode, own.set(decision.subIndicatorCode, decision));
    const score = computePemdaScore(framework, verifiedValuesOf(own.values()));
    const delta = scoreDelta(scores.get(decision.pemdaCode) ?? null, score);
    scores.set(decision.pemdaCode, score);
    for (let i = 0; i < regions.length; i++) regions[i] = applyScoreDelta(regions[i], delta);
  }
  return ((performance.now() - started) * 1000) / EVENTS;
}

/** Per event, the alternative the delta avoids: re-summing every Pemda score of the region. */
function rescanPerEvent(regionPemdaCount: number): number {
  const score = computePemdaScore(framework, new Map([[subIndicators[0].code, 100]]));
  const scores = Array.from({ length: regionPemdaCount }, () => score);
  const rounds = 200;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    let aggregate: RegionAggregate = openAggregate(regionPemdaCount);
    for (const each of scores) aggregate = applyScoreDelta(aggregate, scoreDelta(null, each));
  }
  return ((performance.now() - started) * 1000) / rounds;
}

function fullRecompute(decisionCount: number) {
  const pemda = loadPemdaList();
  const decisions = decisionsFor(decisionCount, pemda.map((entry) => entry.code));
  const byPemda = new Map<string, ScoredDecision[]>();
  for (const decision of decisions) byPemda.set(decision.pemdaCode, [...(byPemda.get(decision.pemdaCode) ?? []), decision]);
  const started = performance.now();
  const scores = [...byPemda].map(([code, own]) => ({
    regionCodes: [code.slice(0, 2), 'national'],
    score: recomputePemda(framework, own).score,
  }));
  const counts = new Map([...new Set(pemda.map((entry) => entry.provinceCode)), 'national'].map((code) => [code, 546]));
  aggregatesFromScratch(scores, counts);
  return { decisions: decisionCount, pemda: byPemda.size, milliseconds: Math.round(performance.now() - started) };
}

const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  framework: `${framework.year} r${framework.revision} (${subIndicators.length} sub-indicators)`,
  deltaMicrosecondsPerEvent: Object.fromEntries([28, 546, 100_000].map((count) => [`region of ${count} Pemda`, Number(deltaPerEvent(count).toFixed(1))])),
  rescanMicrosecondsPerEvent: Object.fromEntries([28, 546, 100_000].map((count) => [`region of ${count} Pemda`, Number(rescanPerEvent(count).toFixed(1))])),
  fullRecompute: [fullRecompute(10_000), fullRecompute(100_000)],
};
const out = join(__dirname, '../results/scoring-delta.json');
mkdirSync(join(__dirname, '../results'), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
