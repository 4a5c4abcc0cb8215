import { sqlTable } from '@mcp/service-runtime';
import type { EntityManager } from 'typeorm';

export type AuthorSide = 'verifier' | 'pemda';

export interface ClarificationMessage {
  id: string;
  taskId: string;
  authorSide: AuthorSide;
  author: string;
  authorRoles: string[];
  body: string;
  attachmentId: string | null;
  pausesClock: boolean;
  postedAt: Date;
}

/** The clock of one task as the thread left it: paused now or not, and the paused time so far. */
export interface TaskClock {
  pausedSince: Date | null;
  /** Paused seconds since the evidence under review arrived (`waiting_since`), a running pause up to `now`. */
  pausedSeconds: number;
}

interface MessageRow {
  id: string;
  task_id: string;
  author_side: AuthorSide;
  author: string;
  author_roles: string[];
  body: string;
  attachment_id: string | null;
  pauses_clock: boolean;
  posted_at: Date;
}

const MESSAGE_COLUMNS = 'id, task_id, author_side, author, author_roles, body, attachment_id, pauses_clock, posted_at';

export async function insertMessage(manager: EntityManager, message: ClarificationMessage, idempotencyKey?: string): Promise<void> {
  await manager.query(
    `INSERT INTO ${sqlTable(manager, 'clarification_message')} (${MESSAGE_COLUMNS}, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [message.id, message.taskId, message.authorSide, message.author, message.authorRoles, message.body, message.attachmentId, message.pausesClock, message.postedAt, idempotencyKey ?? null],
  );
}

export async function messagesOf(manager: EntityManager, taskId: string): Promise<ClarificationMessage[]> {
  const rows: MessageRow[] = await manager.query(
    `SELECT ${MESSAGE_COLUMNS} FROM ${sqlTable(manager, 'clarification_message')} WHERE task_id = $1 ORDER BY posted_at, id`,
    [taskId],
  );
  return rows.map(messageOf);
}

/** The message `author` posted with `idempotencyKey`, on whichever task. */
export async function messageByIdempotencyKey(manager: EntityManager, author: string, idempotencyKey: string): Promise<ClarificationMessage | null> {
  const rows: MessageRow[] = await manager.query(
    `SELECT ${MESSAGE_COLUMNS} FROM ${sqlTable(manager, 'clarification_message')} WHERE author = $1 AND idempotency_key = $2`,
    [author, idempotencyKey],
  );
  return rows[0] ? messageOf(rows[0]) : null;
}

function messageOf(row: MessageRow): ClarificationMessage {
  return {
    id: row.id,
    taskId: row.task_id,
    authorSide: row.author_side,
    author: row.author,
    authorRoles: row.author_roles,
    body: row.body,
    attachmentId: row.attachment_id,
    pausesClock: row.pauses_clock,
    postedAt: row.posted_at,
  };
}

/** The verifier who wrote last on the thread, if any: whom the Pemda answers when nobody holds the task. */
export async function lastVerifierAuthor(manager: EntityManager, taskId: string): Promise<string | null> {
  const rows: { author: string }[] = await manager.query(
    `SELECT author FROM ${sqlTable(manager, 'clarification_message')} WHERE task_id = $1 AND author_side = 'verifier' ORDER BY posted_at DESC, id DESC LIMIT 1`,
    [taskId],
  );
  return rows[0]?.author ?? null;
}

/**
 * Starts a pause unless one runs for the evidence under review. A pause left running from before
 * the current evidence arrived (a question the Pemda answered with a new upload) ends at that upload.
 * Returns whether the clock stopped now.
 */
export async function pauseClock(manager: EntityManager, task: { id: string; waitingSince: Date }, questionId: string, at: Date): Promise<boolean> {
  await manager.query(
    `UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $2 WHERE task_id = $1 AND resumed_at IS NULL AND paused_at < $2`,
    [task.id, task.waitingSince],
  );
  const started: unknown[] = await manager.query(
    `INSERT INTO ${sqlTable(manager, 'clarification_pause')} (task_id, question_id, paused_at) VALUES ($1, $2, $3)
     ON CONFLICT (task_id) WHERE resumed_at IS NULL DO NOTHING RETURNING question_id`,
    [task.id, questionId, at],
  );
  return started.length === 1;
}

/** Ends the running pause with the Pemda's answer; returns whether one was running. */
export async function resumeClock(manager: EntityManager, taskId: string, answerId: string, at: Date): Promise<boolean> {
  const resumed: unknown[] = await manager.query(
    `UPDATE ${sqlTable(manager, 'clarification_pause')} SET resumed_at = $3, answer_id = $2 WHERE task_id = $1 AND resumed_at IS NULL RETURNING question_id`,
    [taskId, answerId, at],
  );
  return resumed.length > 0;
}

/**
 * The paused time of the evidence under review: pauses that began at or after `waiting_since`,
 * a running one counted up to `now`.
 */
export async function clockOf(manager: EntityManager, task: { id: string; waitingSince: Date }, now: Date): Promise<TaskClock> {
  const rows: { paused_since: Date | null; paused_seconds: number | null }[] = await manager.query(
    `SELECT max(paused_at) FILTER (WHERE resumed_at IS NULL) AS paused_since,
            sum(extract(epoch FROM least(coalesce(resumed_at, $3), $3) - paused_at))::float8 AS paused_seconds
       FROM ${sqlTable(manager, 'clarification_pause')} WHERE task_id = $1 AND paused_at >= $2`,
    [task.id, task.waitingSince, now],
  );
  return { pausedSince: rows[0]?.paused_since ?? null, pausedSeconds: Math.max(0, rows[0]?.paused_seconds ?? 0) };
}

/** One task's thread as a Pemda's list shows it: how far it went and whether the Pemda owes an answer. */
export interface ThreadSummary {
  taskId: string;
  year: number;
  subIndicatorCode: string;
  taskStatus: string;
  messageCount: number;
  lastPostedAt: Date;
  lastAuthorSide: AuthorSide;
  /** A verifier wrote last on a task not yet finished: the Pemda owes an answer (or, after a revision request, a new upload). */
  waitingForPemda: boolean;
  clockPaused: boolean;
  /** The task is finished or its year closed: nobody writes on the thread any more. */
  readOnly: boolean;
}

/** Statuses in which the verifier still works the task; after them the thread is only a record. */
export const THREAD_OPEN_STATUSES = ['open', 'claimed', 'revision_requested'] as const;
const IN_QUEUE = `('open', 'claimed')`;
const OPEN_FOR_THREAD = `(${THREAD_OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** At most this many threads in a Pemda's list: it has a few dozen at a time. */
export const THREADS_LISTED = 200;

/**
 * The Pemda's threads, those waiting for its answer first, then the latest message first. A pause
 * counts only for the evidence under review and while the task is in the queue, as in `clockOf`
 * (a decision ends it).
 */
export async function threadsOfPemda(manager: EntityManager, pemdaCode: string, year: number | undefined): Promise<ThreadSummary[]> {
  const rows: {
    task_id: string;
    year: number;
    sub_indicator_code: string;
    status: string;
    message_count: number;
    last_posted_at: Date;
    last_author_side: AuthorSide;
    waiting_for_pemda: boolean;
    clock_paused: boolean;
    read_only: boolean;
  }[] = await manager.query(
    `SELECT t.id AS task_id, t.year, t.sub_indicator_code, t.status,
            thread.message_count, thread.last_posted_at, thread.last_author_side,
            -- An upload after a revision request answers what the verifier asked about the evidence before it.
            (t.status IN ${OPEN_FOR_THREAD} AND thread.last_author_side = 'verifier' AND thread.last_posted_at >= t.waiting_since) AS waiting_for_pemda,
            (t.status IN ${IN_QUEUE} AND EXISTS (
              SELECT 1 FROM ${sqlTable(manager, 'clarification_pause')} p
               WHERE p.task_id = t.id AND p.resumed_at IS NULL AND p.paused_at >= t.waiting_since)) AS clock_paused,
            (t.status NOT IN ${OPEN_FOR_THREAD}
              OR EXISTS (SELECT 1 FROM ${sqlTable(manager, 'closed_year')} c WHERE c.year = t.year)) AS read_only
       FROM ${sqlTable(manager, 'task')} t
       JOIN LATERAL (
         SELECT count(*)::int AS message_count, max(m.posted_at) AS last_posted_at,
                (array_agg(m.author_side ORDER BY m.posted_at DESC, m.id DESC))[1] AS last_author_side
           FROM ${sqlTable(manager, 'clarification_message')} m WHERE m.task_id = t.id
       ) thread ON thread.message_count > 0
      WHERE t.pemda_code = $1 AND ($2::int IS NULL OR t.year = $2::int)
      ORDER BY waiting_for_pemda DESC, thread.last_posted_at DESC, t.id
      LIMIT ${THREADS_LISTED}`,
    [pemdaCode, year ?? null],
  );
  return rows.map((row) => ({
    taskId: row.task_id,
    year: row.year,
    subIndicatorCode: row.sub_indicator_code,
    taskStatus: row.status,
    messageCount: row.message_count,
    lastPostedAt: row.last_posted_at,
    lastAuthorSide: row.last_author_side,
    waitingForPemda: row.waiting_for_pemda,
    clockPaused: row.clock_paused,
    readOnly: row.read_only,
  }));
}
