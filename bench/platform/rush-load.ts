import { Topics, type AggregateUpdatedV1, type McpEvent } from '@mcp/contracts';
import { loadPemdaList, loadWilayahMapping, wilayahOfPemda, type Wilayah } from '@mcp/master-data';
import { followTopics, type TopicFollower } from '@mcp/messaging';
import { testKafkaBrokers, testKafkaSasl, testToken } from '@mcp/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { jsonOf, multipartForm, post } from './rush-http';

/*
 * The load of the rush, through the public HTTP APIs only: Pemda operators uploading small PDFs,
 * verifiers claiming the next task of their wilayah and approving it. Every request is timed; every
 * accepted upload and decision is remembered with the moment it was sent, so the run can tell when
 * its task became claimable and when the national aggregate reflected it.
 */
export interface UploadItem {
  pemdaCode: string;
  wilayah: Wilayah;
  subIndicatorCode: string;
}

export interface SentUpload {
  evidenceId: string;
  sentAt: number;
  /** When its 201 had arrived (epoch ms). */
  answeredAt: number;
  step: string;
}

export interface SentDecision {
  decisionId: string;
  /** The trace id it was sent with: the measure before #92 matched the aggregate's trace to it. */
  traceId: string;
  sentAt: number;
  answeredAt: number;
  step: string;
}

/** Every (Pemda, sub-indicator) pair once, Pemda varying fastest, so consecutive uploads come from different operators. */
export function uploadItems(subIndicatorCodes: string[]): UploadItem[] {
  const mapping = loadWilayahMapping();
  const pemda = loadPemdaList().map((entry) => ({ code: entry.code, wilayah: wilayahOfPemda(entry, mapping) }));
  return subIndicatorCodes.flatMap((subIndicatorCode) => pemda.map((entry) => ({ pemdaCode: entry.code, wilayah: entry.wilayah, subIndicatorCode })));
}

/** Requests fired at `rate` a second for `seconds` whatever the answers take (open loop). */
export async function openLoop(rate: number, seconds: number, maxInFlight: number, operation: () => Promise<void>): Promise<{ offered: number; skipped: number; elapsedSeconds: number }> {
  const total = Math.round(rate * seconds);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let skipped = 0;
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Past the cap the platform is far behind; more sockets would measure the client, not it.
    if (inFlight.size >= maxInFlight) {
      skipped += 1;
      continue;
    }
    const running = operation().finally(() => inFlight.delete(running));
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  return { offered: total, skipped, elapsedSeconds: (performance.now() - started) / 1000 };
}

/** `workers` loops each doing one operation after another until `seconds` have passed (closed loop). */
export async function closedLoop(workers: number, seconds: number, operation: () => Promise<void>): Promise<{ elapsedSeconds: number }> {
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) await operation();
    }),
  );
  return { elapsedSeconds: (performance.now() - started) / 1000 };
}

export class StepCounters {
  readonly http = new Map<string, number[]>();
  readonly failures = new Map<string, number>();
  ok = 0;
  empty = 0;

  time(route: string, ms: number): void {
    const times = this.http.get(route);
    if (times) times.push(ms);
    else this.http.set(route, [ms]);
  }

  fail(what: string): void {
    this.failures.set(what, (this.failures.get(what) ?? 0) + 1);
  }
}

export class RushLoad {
  readonly uploads = new Map<string, SentUpload>();
  /** By the decision id verification answered with. */
  readonly decisions = new Map<string, SentDecision>();
  /**
   * When the first national aggregate naming each decision arrived (epoch ms), by decision id
   * (`decisionIds`, docs/decisions.md #92). Kept apart from `decisions`: the aggregate may arrive
   * before the decision's own 201 has been read.
   */
  private readonly nationalAt = new Map<string, number>();
  /**
   * The measure before #92, kept beside it for comparison: when a national aggregate first carried
   * each trace id. A batch's aggregate carries one decision's trace, so most decisions never match.
   */
  private readonly nationalTraceAt = new Map<string, number>();
  /**
   * Aggregate events seen; of the national ones, how many named no decision (a framework
   * revision), and how many decision ids a national aggregate named again after an earlier one had
   * (0 unless a decision is counted twice).
   */
  readonly aggregateEvents = { national: 0, all: 0, nationalDecisionIds: 0, nationalWithoutDecisions: 0, decisionsNamedAgain: 0 };
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly uploadedIn = new Map<Wilayah, number>();
  private readonly claimedIn = new Map<Wilayah, number>();
  private readonly idleVerifiers = new Map<Wilayah, string[]>();
  private verifierCount = 0;
  private nextItem = 0;
  private follower?: TopicFollower;

  constructor(
    private readonly urlOf: (service: string) => string,
    private readonly items: UploadItem[],
    private readonly year: number,
  ) {}

  private token(key: string, claims: Parameters<typeof testToken>[0]): Promise<string> {
    let token = this.tokens.get(key);
    if (!token) {
      token = testToken(claims);
      this.tokens.set(key, token);
    }
    return token;
  }

  get itemsLeft(): number {
    return this.items.length - this.nextItem;
  }

  /** Follows the aggregate topic from now on: the first national aggregate naming a decision closes its latency. */
  async watchNationalAggregate(): Promise<void> {
    this.follower = await followTopics(
      { brokers: testKafkaBrokers, clientId: 'bench-rush', partitions: 3, sasl: testKafkaSasl('admin') },
      [Topics.aggregateUpdated],
      (event) => this.onAggregate(event as McpEvent<AggregateUpdatedV1>),
    );
    await this.follower.ready;
  }

  private onAggregate(event: McpEvent<AggregateUpdatedV1>): void {
    const arrivedAt = Date.now();
    this.aggregateEvents.all += 1;
    if (event.data.regionKind !== 'national') return;
    this.aggregateEvents.national += 1;
    const traceId = event.traceparent?.split('-')[1];
    if (traceId && !this.nationalTraceAt.has(traceId)) this.nationalTraceAt.set(traceId, arrivedAt);
    const decisionIds = event.data.decisionIds ?? [];
    if (decisionIds.length === 0) this.aggregateEvents.nationalWithoutDecisions += 1;
    this.aggregateEvents.nationalDecisionIds += decisionIds.length;
    for (const decisionId of decisionIds) {
      if (this.nationalAt.has(decisionId)) this.aggregateEvents.decisionsNamedAgain += 1;
      else this.nationalAt.set(decisionId, arrivedAt);
    }
  }

  /** When the first national aggregate that counts the decision arrived (epoch ms), if one has. */
  nationalAggregateAt(decision: SentDecision): number | undefined {
    return this.nationalAt.get(decision.decisionId);
  }

  /** When a national aggregate carrying the decision's trace arrived, if one did (the measure before #92). */
  nationalAggregateByTraceAt(decision: SentDecision): number | undefined {
    return this.nationalTraceAt.get(decision.traceId);
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  /** One small PDF for the next unused (Pemda, sub-indicator); content unique, so it is never a known duplicate. */
  async upload(step: string, counters: StepCounters): Promise<void> {
    const item = this.items[this.nextItem++];
    if (!item) {
      counters.fail('no (Pemda, sub-indicator) left');
      return;
    }
    const operator = await this.token(`operator-${item.pemdaCode}`, { role: 'pemda-operator', subject: `operator-${item.pemdaCode}`, pemdaCode: item.pemdaCode });
    const content = `%PDF-1.7\n% bukti ${item.pemdaCode} ${item.subIndicatorCode} ${randomUUID()}\n`;
    const form = multipartForm(
      { pemdaCode: item.pemdaCode, year: String(this.year), subIndicatorCode: item.subIndicatorCode, claimedValue: '100' },
      { field: 'file', fileName: `SK ${item.subIndicatorCode}.pdf`, contentType: 'application/pdf', content },
    );
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await post(
        `${this.urlOf('submissions')}/v1/evidence`,
        { Authorization: `Bearer ${operator}`, 'Idempotency-Key': randomUUID(), 'Content-Type': form.contentType },
        form.body,
      );
      const body = jsonOf<{ id?: string }>(response);
      counters.time('POST /v1/evidence', performance.now() - started);
      if (response.status !== 201 || !body?.id) {
        counters.fail(`upload ${response.status}`);
        return;
      }
      counters.ok += 1;
      this.uploads.set(body.id, { evidenceId: body.id, sentAt, answeredAt: Date.now(), step });
      this.uploadedIn.set(item.wilayah, (this.uploadedIn.get(item.wilayah) ?? 0) + 1);
    } catch (error) {
      counters.fail(`upload ${failureOf(error)}`);
    }
  }

  /** A wilayah with open tasks left, in proportion to how many (as far as this run knows). */
  private pickWilayah(): Wilayah | undefined {
    const left = [...this.uploadedIn].map(([wilayah, uploaded]) => [wilayah, uploaded - (this.claimedIn.get(wilayah) ?? 0)] as const).filter(([, count]) => count > 0);
    const total = left.reduce((sum, [, count]) => sum + count, 0);
    let pick = Math.random() * total;
    for (const [wilayah, count] of left) {
      pick -= count;
      if (pick <= 0) return wilayah;
    }
    return left.at(-1)?.[0];
  }

  /**
   * A verifier of the wilayah who is not in the middle of a claim; a new one when all are busy,
   * so that no verifier meets the per-user rate limit a real one would never reach.
   */
  private takeVerifier(wilayah: Wilayah): string {
    const idle = this.idleVerifiers.get(wilayah) ?? [];
    this.idleVerifiers.set(wilayah, idle);
    return idle.shift() ?? `bench-verifier-${wilayah}-${(this.verifierCount += 1)}`;
  }

  /**
   * Claims the next task of a wilayah and approves it at 100, the decision sent with a trace of its
   * own (so a trace backend sees it) and remembered by the decision id of the answer.
   */
  async claimAndDecide(step: string, counters: StepCounters): Promise<void> {
    const wilayah = this.pickWilayah();
    if (!wilayah) {
      // Every uploaded task is decided: a closed loop would otherwise spin here and starve the
      // bench's own event loop, and the step's latencies would measure the bench.
      counters.empty += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return;
    }
    const subject = this.takeVerifier(wilayah);
    try {
      const verifier = await this.token(subject, { role: 'verifier', subject, wilayah });
      const headers = { Authorization: `Bearer ${verifier}`, 'Content-Type': 'application/json' };
      let started = performance.now();
      const claim = await post(`${this.urlOf('verification')}/v1/tasks/claim`, headers);
      const task = claim.status === 200 ? jsonOf<{ id: string }>(claim) : undefined;
      counters.time('POST /v1/tasks/claim', performance.now() - started);
      if (claim.status === 204) {
        counters.empty += 1;
        return;
      }
      if (!task) {
        counters.fail(`claim ${claim.status}`);
        return;
      }
      this.claimedIn.set(wilayah, (this.claimedIn.get(wilayah) ?? 0) + 1);
      const traceId = randomBytes(16).toString('hex');
      const sentAt = Date.now();
      started = performance.now();
      const decision = await post(
        `${this.urlOf('verification')}/v1/tasks/${task.id}/decision`,
        { ...headers, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        JSON.stringify({ outcome: 'approved', verifiedValue: 100 }),
      );
      const receipt = jsonOf<{ decisionId?: string }>(decision);
      counters.time('POST /v1/tasks/:id/decision', performance.now() - started);
      if (decision.status !== 201 || !receipt?.decisionId) {
        counters.fail(`decision ${decision.status}`);
        return;
      }
      counters.ok += 1;
      this.decisions.set(receipt.decisionId, { decisionId: receipt.decisionId, traceId, sentAt, answeredAt: Date.now(), step });
    } catch (error) {
      counters.fail(`claim/decide ${failureOf(error)}`);
    } finally {
      this.idleVerifiers.get(wilayah)?.push(subject);
    }
  }
}

/** A transport failure by its code where it has one (ECONNRESET, EPIPE), else its name. */
function failureOf(error: unknown): string {
  const { code, name } = error as NodeJS.ErrnoException;
  return code ?? name;
}
