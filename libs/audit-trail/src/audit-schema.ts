import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

/**
 * The audit log lives in its own schema, `audit`, owned by the NOLOGIN role `mcp_audit`. Services
 * never touch its tables: they call `audit.append` (SECURITY DEFINER, runs as `mcp_audit`), which
 * records the entry as pending; at the caller's commit a deferred trigger takes the lock of one
 * lane's head row, computes the row's hash and inserts it into `audit.entry`. A trigger refuses
 * UPDATE, DELETE and TRUNCATE for everyone, so even the owner cannot rewrite history without first
 * switching triggers off (a superuser's act, which `verify` then detects).
 */
export const AUDIT_SCHEMA = 'audit';

/** Cluster-wide roles (Postgres roles are not per database): created once, never dropped. */
export const auditRoles = {
  /** Owns the schema, its tables and functions; nobody logs in as it. */
  owner: 'mcp_audit',
  /** May call `audit.append` and nothing else. Services that record state changes are members. */
  writer: 'mcp_audit_writer',
  /** May call `audit.lane_heads_to_publish` (and `head_to_publish`, before lanes): the service that publishes the heads. */
  publisher: 'mcp_audit_publisher',
  /** May read the log (operators running `verify`). */
  reader: 'mcp_audit_reader',
} as const;

/** Hash of the (absent) row before the first one of lane 0, the chain as it was before lanes. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chain is cut into this many lanes (docs/decisions.md #128): each is a linear hash chain of its
 * own with its own head row, so commits that seal at the same moment take different heads instead
 * of queueing on one. A commit takes the lowest lane nobody holds, so one writer at a time keeps to
 * lane 0. Raising it later only adds lanes; lowering it would orphan rows, which `verify` reports.
 */
export const AUDIT_LANES = 16;

/**
 * Where lane `lane`'s chain starts: lane 0 from the original genesis, every other from a hash of
 * its own number, so a lane's rows cannot be passed off as another's.
 */
export function genesisHashOf(lane: number): string {
  return lane === 0 ? GENESIS_HASH : createHash('sha256').update(`mcp-audit-lane:${lane}`, 'utf8').digest('hex');
}

/** `genesisHashOf` in SQL, for the head rows the schema creates. */
const genesisHashSql = (lane: string): string =>
  `CASE WHEN ${lane} = 0 THEN '${GENESIS_HASH}' ELSE encode(sha256(convert_to('mcp-audit-lane:' || ${lane}, 'UTF8')), 'hex') END`;

/**
 * The canonical serialisation, in SQL: a JSON array of the row's fields as strings (or null), no
 * whitespace. `canonicalRowText` in canonical-row.ts writes the same bytes in JavaScript; verify
 * recomputes with that, not with this function, so a replaced function cannot vouch for itself.
 */
const canonicalTextFunction = `
CREATE OR REPLACE FUNCTION audit.canonical_text(fields text[]) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT '[' || array_to_string(
    ARRAY(SELECT coalesce(to_json(f)::text, 'null') FROM unnest(fields) WITH ORDINALITY AS u(f, n) ORDER BY n), ',') || ']'
$$`;

const utcTextFunction = `
CREATE OR REPLACE FUNCTION audit.utc_text(at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$`;

/**
 * `append` only records the entry as pending, in the caller's transaction, and takes no lock. The
 * chain is extended at COMMIT by a deferred constraint trigger (`seal_pending`), which locks a lane's
 * head, numbers and hashes the row and moves it into `audit.entry`. So the head's lock is held from the
 * start of the commit to its end, inside the server, instead of from the append to whenever the
 * service's process gets round to sending COMMIT (docs/decisions.md #98).
 */
const appendFunction = `
CREATE OR REPLACE FUNCTION audit.append(
  p_service text, p_action text, p_actor_subject text, p_actor_roles text, p_on_behalf_of_pemda text,
  p_pemda_code text, p_year integer, p_sub_indicator_code text, p_subject_ids jsonb, p_details jsonb,
  p_occurred_at timestamptz
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO audit.pending (occurred_at, written_by, service, action, actor_subject, actor_roles,
    on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details)
  VALUES (p_occurred_at, session_user, p_service, p_action, p_actor_subject, p_actor_roles,
    p_on_behalf_of_pemda, p_pemda_code, p_year, p_sub_indicator_code, p_subject_ids, p_details);
  -- The sequence is given at commit (seal_pending), so there is none to return yet.
  RETURN NULL;
END
$$`;

/**
 * The lane: the one this transaction sealed into already (a setting local to it), else the lowest
 * lane whose head no other commit holds (SKIP LOCKED: no wait), else, with every lane held, a
 * wait on the lane its transaction id picks. Keeping a transaction's entries in one lane means it
 * never holds one head while waiting for another, so two commits cannot deadlock on heads.
 */
const sealPendingFunction = `
CREATE OR REPLACE FUNCTION audit.seal_pending() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  lane_head audit.head%ROWTYPE;
  held text := current_setting('mcp_audit.lane', true);
  next_sequence bigint;
  recorded timestamptz;
  hash text;
BEGIN
  -- Runs at the caller's COMMIT: the lane head's lock is held from here to the end of that commit,
  -- so a lane's appends are serialised and its chain is linear; a rolled-back change never gets here.
  IF held ~ '^[0-9]{1,4}$' THEN
    SELECT * INTO lane_head FROM audit.head WHERE lane = held::smallint FOR UPDATE;
  END IF;
  IF lane_head.lane IS NULL THEN
    SELECT * INTO lane_head FROM audit.head ORDER BY lane FOR UPDATE SKIP LOCKED LIMIT 1;
    IF lane_head.lane IS NULL THEN
      SELECT * INTO lane_head FROM audit.head
       WHERE lane = (txid_current() % (SELECT count(*) FROM audit.head))::smallint FOR UPDATE;
    END IF;
    PERFORM set_config('mcp_audit.lane', lane_head.lane::text, true);
  END IF;
  recorded := clock_timestamp();
  next_sequence := lane_head.sequence + 1;
  hash := encode(sha256(convert_to(audit.canonical_text(ARRAY[
    lane_head.row_hash, next_sequence::text, audit.utc_text(recorded), audit.utc_text(NEW.occurred_at), NEW.written_by,
    NEW.service, NEW.action, NEW.actor_subject, NEW.actor_roles, NEW.on_behalf_of_pemda, NEW.pemda_code, NEW.year::text,
    NEW.sub_indicator_code, NEW.subject_ids::text, NEW.details::text
  ]), 'UTF8')), 'hex');
  INSERT INTO audit.entry (sequence, recorded_at, occurred_at, written_by, service, action, actor_subject,
    actor_roles, on_behalf_of_pemda, pemda_code, year, sub_indicator_code, subject_ids, details, previous_hash, row_hash, lane)
  VALUES (next_sequence, recorded, NEW.occurred_at, NEW.written_by, NEW.service, NEW.action, NEW.actor_subject,
    NEW.actor_roles, NEW.on_behalf_of_pemda, NEW.pemda_code, NEW.year, NEW.sub_indicator_code, NEW.subject_ids,
    NEW.details, lane_head.row_hash, hash, lane_head.lane);
  UPDATE audit.head SET sequence = next_sequence, row_hash = hash WHERE lane = lane_head.lane;
  DELETE FROM audit.pending WHERE id = NEW.id;
  RETURN NULL;
END
$$`;

/**
 * The heads that moved since they were last published, marked published in the caller's (outbox)
 * transaction: a rollback un-marks them, replicas never publish one twice. The published position
 * lives in `audit.head_publication`, not in `audit.head`: the heads are only read (the last
 * committed one of each lane, a lane being sealed into included), so a seal never waits for
 * reporting's transaction and its round trips to commit.
 */
const laneHeadsToPublishFunction = `
CREATE OR REPLACE FUNCTION audit.lane_heads_to_publish() RETURNS TABLE (lane smallint, sequence bigint, row_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- One publisher at a time (reporting runs replicas); the next one reads what this one marked.
  PERFORM pg_advisory_xact_lock(hashtext('audit:publish-heads'));
  RETURN QUERY
    WITH moved AS (
      SELECT h.lane, h.sequence, h.row_hash FROM audit.head h
        LEFT JOIN audit.head_publication p ON p.lane = h.lane
       WHERE h.sequence > coalesce(p.published_sequence, 0)
    ), marked AS (
      INSERT INTO audit.head_publication AS p (lane, published_sequence) SELECT m.lane, m.sequence FROM moved m
      ON CONFLICT ON CONSTRAINT head_publication_pkey DO UPDATE SET published_sequence = excluded.published_sequence
    )
    SELECT m.lane, m.sequence, m.row_hash FROM moved m;
END
$$`;

/**
 * What reporting called before lanes, kept for its pods still running during an upgrade: lane 0's
 * head only, which is what a head without a lane means. The other lanes wait for the new reporting.
 */
const headToPublishFunction = `
CREATE OR REPLACE FUNCTION audit.head_to_publish() RETURNS TABLE (sequence bigint, row_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit:publish-heads'));
  RETURN QUERY
    WITH moved AS (
      SELECT h.lane, h.sequence, h.row_hash FROM audit.head h
        LEFT JOIN audit.head_publication p ON p.lane = h.lane
       WHERE h.lane = 0 AND h.sequence > coalesce(p.published_sequence, 0)
    ), marked AS (
      INSERT INTO audit.head_publication AS p (lane, published_sequence) SELECT m.lane, m.sequence FROM moved m
      ON CONFLICT ON CONSTRAINT head_publication_pkey DO UPDATE SET published_sequence = excluded.published_sequence
    )
    SELECT m.sequence, m.row_hash FROM moved m;
END
$$`;

/** A first version of lanes gave `head_to_publish` the lane's result type; CREATE OR REPLACE cannot change it back. */
const dropLaneShapedHeadToPublish = `DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_proc WHERE proname = 'head_to_publish' AND pronamespace = 'audit'::regnamespace
              AND pg_get_function_result(oid) LIKE '%lane%') THEN
    DROP FUNCTION audit.head_to_publish();
  END IF;
END $$`;

/**
 * Run first: waits for every transaction that has appended and not ended (each holds ROW EXCLUSIVE
 * on `audit.pending` from its append to its end, so its seal is in there too) and holds new appends
 * back until these statements commit. No seal then runs against half-changed tables, nor an old
 * seal body against the new ones (it would move every lane's head at once).
 */
const drainAppends = `DO $$ BEGIN
  IF to_regclass('audit.pending') IS NOT NULL THEN
    LOCK TABLE audit.pending IN SHARE ROW EXCLUSIVE MODE;
  END IF;
END $$`;

/**
 * A database prepared before lanes: its rows are lane 0's (their hashes unchanged, since the lane
 * is not hashed: each lane starts from its own genesis instead), and its one head row becomes
 * lane 0's. Adding a column with a constant default rewrites no row, so the append-only trigger
 * is not involved.
 */
const lanesForAnOlderChain = [
  'ALTER TABLE audit.entry ADD COLUMN IF NOT EXISTS lane smallint NOT NULL DEFAULT 0',
  `DO $$ BEGIN
    IF (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = 'audit.entry'::regclass AND i.indisprimary) = ARRAY['sequence'] THEN
      ALTER TABLE audit.entry DROP CONSTRAINT entry_pkey, ADD PRIMARY KEY (lane, sequence);
    END IF;
  END $$`,
  'ALTER TABLE audit.head ADD COLUMN IF NOT EXISTS lane smallint NOT NULL DEFAULT 0',
  `DO $$ BEGIN
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'audit.head'::regclass AND attname = 'only_row' AND NOT attisdropped) THEN
      ALTER TABLE audit.head DROP CONSTRAINT head_pkey, DROP COLUMN only_row, ADD PRIMARY KEY (lane);
    END IF;
  END $$`,
];

/**
 * `audit.append` numbers a lane from 1. A log prepared before this gains the check without its rows
 * being checked (NOT VALID): a row at 0 or below that is already there must not stop the platform
 * from starting; `verify` names it. Rows written from now on are checked.
 */
const sequencePositiveOnAnOlderLog = `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conname = 'entry_sequence_positive' AND conrelid = 'audit.entry'::regclass) THEN
    ALTER TABLE audit.entry ADD CONSTRAINT entry_sequence_positive CHECK (sequence > 0) NOT VALID;
  END IF;
END $$`;

/**
 * How far each lane was published. In a table of its own so that publishing never locks a head
 * (docs/decisions.md #128). A log prepared before it starts from what `audit.head` says was
 * published; taking the higher of the two also covers a rollback to a release that marked heads
 * there, and a rerun of the step changes nothing.
 */
const headPublication = [
  `CREATE TABLE IF NOT EXISTS audit.head_publication (
    lane smallint CONSTRAINT head_publication_pkey PRIMARY KEY,
    published_sequence bigint NOT NULL
  )`,
  `INSERT INTO audit.head_publication AS p (lane, published_sequence)
   SELECT lane, published_sequence FROM audit.head
   ON CONFLICT ON CONSTRAINT head_publication_pkey DO UPDATE SET published_sequence = excluded.published_sequence
   WHERE excluded.published_sequence > p.published_sequence`,
];

const refuseChangeFunction = `
CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
  RAISE EXCEPTION 'audit.entry hanya dapat ditambah (append-only): % ditolak', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$`;

const appendSignature = 'audit.append(text, text, text, text, text, text, integer, text, jsonb, jsonb, timestamptz)';

/** Statements run as `mcp_audit` (SET LOCAL ROLE), so it owns everything they create. */
const ownedObjects = [
  drainAppends,
  `CREATE TABLE IF NOT EXISTS audit.entry (
    sequence bigint NOT NULL,
    recorded_at timestamptz NOT NULL,
    occurred_at timestamptz NOT NULL,
    written_by text NOT NULL,
    service text NOT NULL,
    action text NOT NULL,
    actor_subject text NOT NULL,
    actor_roles text NOT NULL,
    on_behalf_of_pemda text,
    pemda_code text,
    year integer,
    sub_indicator_code text,
    subject_ids jsonb NOT NULL,
    details jsonb NOT NULL,
    previous_hash text NOT NULL,
    row_hash text NOT NULL,
    -- Last, as the column a database prepared before lanes gains (lanesForAnOlderChain).
    lane smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (lane, sequence),
    CONSTRAINT entry_sequence_positive CHECK (sequence > 0)
  )`,
  sequencePositiveOnAnOlderLog,
  'CREATE INDEX IF NOT EXISTS entry_pemda_year ON audit.entry (pemda_code, year)',
  // published_sequence: unused since audit.head_publication took it over; kept so that a schema
  // step of an older release, run in a rollback, still finds the column its functions update.
  `CREATE TABLE IF NOT EXISTS audit.head (
    lane smallint PRIMARY KEY,
    sequence bigint NOT NULL,
    row_hash text NOT NULL,
    published_sequence bigint NOT NULL DEFAULT 0
  )`,
  ...lanesForAnOlderChain,
  `INSERT INTO audit.head (lane, sequence, row_hash)
   SELECT lane, 0, ${genesisHashSql('lane')} FROM generate_series(0, ${AUDIT_LANES - 1}) AS lane
   ON CONFLICT DO NOTHING`,
  ...headPublication,
  // Entries of transactions not yet committed; always empty outside one (seal_pending empties it).
  `CREATE TABLE IF NOT EXISTS audit.pending (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    written_by text NOT NULL,
    service text NOT NULL,
    action text NOT NULL,
    actor_subject text NOT NULL,
    actor_roles text NOT NULL,
    on_behalf_of_pemda text,
    pemda_code text,
    year integer,
    sub_indicator_code text,
    subject_ids jsonb NOT NULL,
    details jsonb NOT NULL
  )`,
  canonicalTextFunction,
  utcTextFunction,
  appendFunction,
  dropLaneShapedHeadToPublish,
  headToPublishFunction,
  laneHeadsToPublishFunction,
  sealPendingFunction,
  // OR REPLACE is not supported for constraint triggers; INITIALLY DEFERRED is what moves the head's
  // lock to the commit.
  `DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgname = 'pending_seal' AND tgrelid = 'audit.pending'::regclass) THEN
      CREATE CONSTRAINT TRIGGER pending_seal AFTER INSERT ON audit.pending
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit.seal_pending();
    END IF;
  END $$`,
  refuseChangeFunction,
  'CREATE OR REPLACE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON audit.entry FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()',
  'CREATE OR REPLACE TRIGGER entry_no_truncate BEFORE TRUNCATE ON audit.entry FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()',
  // Functions are executable by PUBLIC by default; only the groups below may call these.
  `REVOKE ALL ON FUNCTION ${appendSignature} FROM PUBLIC`,
  'REVOKE ALL ON FUNCTION audit.head_to_publish() FROM PUBLIC',
  'REVOKE ALL ON FUNCTION audit.lane_heads_to_publish() FROM PUBLIC',
  `GRANT USAGE ON SCHEMA audit TO ${auditRoles.writer}, ${auditRoles.publisher}, ${auditRoles.reader}`,
  `GRANT EXECUTE ON FUNCTION ${appendSignature} TO ${auditRoles.writer}`,
  `GRANT EXECUTE ON FUNCTION audit.head_to_publish(), audit.lane_heads_to_publish() TO ${auditRoles.publisher}`,
  `GRANT SELECT ON audit.entry, audit.head, audit.head_publication TO ${auditRoles.reader}`,
];

/** Creates a NOLOGIN role unless it exists; safe when another session does the same at once. */
export async function ensureRole(client: ClientBase, role: string, options = 'NOLOGIN'): Promise<void> {
  await client.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE "${role}" ${options}; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created by a concurrent session
  END $$`);
}

/**
 * Creates (or completes) the audit schema in the connected database. Idempotent; run by the
 * administrator (a superuser or a role with CREATEROLE and CREATE on the database), never by a service.
 */
export async function prepareAuditTrail(client: ClientBase): Promise<void> {
  for (const role of Object.values(auditRoles)) await ensureRole(client, role);
  await client.query('BEGIN');
  try {
    // Two administrators preparing the same database at once would race on CREATE OR REPLACE.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('audit-trail:prepare'))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION ${auditRoles.owner}`);
    await client.query(`SET LOCAL ROLE ${auditRoles.owner}`);
    for (const statement of ownedObjects) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
