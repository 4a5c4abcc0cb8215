import type { AuthPrincipal } from '@mcp/auth';
import { classifyFailure } from '@mcp/messaging';
import { DomainError, httpStatusOf, temporarilyUnavailableBody } from '@mcp/service-runtime';
import { HttpException, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { FileStore } from '@tus/file-store';
import { ERRORS, EVENTS, Server, type Upload } from '@tus/server';
import { mkdir, readdir, truncate } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { NodeRequest, sendNodeResponse } from 'srvx/node';
import { Clock } from '../deadlines/clock';
import { IdempotencyKeys, RESUMABLE_UPLOAD_KEY_PREFIX, type RecordedResponse } from '../idempotency/idempotency-keys';
import { RESUMABLE_UPLOAD_SETTINGS, type ResumableUploadSettings } from '../upload/resumable-upload-settings';
import { answerTusHeaderRefusal } from '../upload/tus-header-refusals';
import { UploadErrors } from '../upload/upload-errors';
import { EvidenceUploads } from './evidence-uploads';
import { StorageQuota } from './storage-quota';
import { tusProtocolAnswer } from './tus-protocol-errors';
import { UploadTargets } from './upload-targets';

/** Where the routes live, as the service sees them (the portal adds `/api/submissions` in front). */
export const RESUMABLE_UPLOADS_PATH = '/v1/evidence/uploads';

/** The text fields of the multipart form, carried as tus Upload-Metadata; anything else is ignored. */
const FIELD_NAMES = ['pemdaCode', 'year', 'subIndicatorCode', 'claimedValue', 'note'];
/** Metadata the service writes at creation, over anything a client sent under these names. */
const OWNER = 'mcpOwner';
const STARTED_AT = 'mcpStartedAt';
/** When the last byte first arrived: a completion retried after a failure (#178) is judged by it. */
const COMPLETED_AT = 'mcpCompletedAt';
/** Until when (epoch ms, the machines' clock) a replica is recording the complete upload. */
const RECORDING_UNTIL = 'mcpRecordingUntil';
/**
 * How long a recording (the copy to storage, the scan, the transaction) may take before a complete
 * upload nobody recorded counts as abandoned by a replica that died, and gets its last byte held
 * back so its client can send it again. Far above a 100 MiB scan; a recording still running then
 * stores a file one byte short, which the size check refuses as a failure.
 */
const RECORDING_LEASE_MS = 15 * 60_000;
/** Uid.rand of @tus/utils: 16 random bytes in hex. Anything else never reaches the file store. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
/** How long an allowed creation is counted from memory, until tus has written its record to the staging directory. */
const CREATION_GRACE_MS = 60_000;

/**
 * Resumable uploads over the tus protocol (docs/decisions.md #64, #65). Partial data is staged in
 * a tus file store on disk (RESUMABLE_STAGING_DIR), so an upload resumes from the last byte the
 * service has, across restarts. Nothing of it is evidence until it is complete: then the staged
 * file runs through the same pipeline as the multipart form (EvidenceUploads.submitResumable),
 * which streams it into the evidence storage (either driver) and records it, and the staged copy
 * is removed whatever the outcome. Caller and destination are checked at creation (nothing is
 * staged for a refused one) and again at completion; only the creator may see or continue an
 * upload.
 */
@Injectable()
export class ResumableUploads implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResumableUploads.name);
  private readonly store: FileStore;
  private readonly server: Server;
  /** The authenticated caller of each request in flight, for the tus hooks (which see a web Request). */
  private readonly principals = new WeakMap<object, AuthPrincipal>();
  /** Requests whose error answer is ours (JSON), to label it so (`handle`). */
  private readonly answeredInJson = new WeakSet<object>();
  /** Creations allowed but perhaps not yet on disk, counted with the staged uploads (by id, once). */
  private readonly creating = new Map<string, { pemdaCode: string; bytes: number }>();
  /** The staging room is checked one creation at a time, so two at once cannot both take the last of it. */
  private stagingChecks: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly uploads: EvidenceUploads,
    private readonly targets: UploadTargets,
    private readonly quota: StorageQuota,
    private readonly idempotency: IdempotencyKeys,
    private readonly clock: Clock,
    @Inject(RESUMABLE_UPLOAD_SETTINGS) private readonly settings: ResumableUploadSettings,
  ) {
    this.store = new FileStore({ directory: resolve(settings.stagingDir), expirationPeriodInMilliseconds: settings.expiryMs });
    this.server = new Server({
      path: RESUMABLE_UPLOADS_PATH,
      datastore: this.store,
      maxSize: settings.maxBytes,
      // Relative to the creation URL, so it holds behind the portal's `/api/submissions` prefix too.
      generateUrl: (_request, { id }) => `uploads/${id}`,
      // The id is the path's last segment, never the query's: `…/uploads/<own>?/<other>` would pass
      // the owner check on <own> and let tus act on <other> (it reads the whole URL by default).
      getFileIdFromRequest: (request) => uploadIdOfPath(new URL(request.url).pathname),
      // And the owner is checked again on the id tus itself acts on, for every HEAD, PATCH and DELETE.
      onIncomingRequest: (request, id) => this.assertOwner(request, id),
      onUploadCreate: (request, upload) => this.created(request, upload),
      onUploadFinish: (request, upload) => this.finished(request, upload),
      // tus checks Upload-Length against maxSize before our hook sees it: answered in our words.
      onResponseError: (request, error) => {
        const answer = answerOf(error === ERRORS.ERR_MAX_SIZE_EXCEEDED ? UploadErrors.tooLarge(settings.maxBytes) : error, this.logger);
        if (answer) this.answeredInJson.add(request);
        return answer;
      },
    });
    // A recorded upload's staged copy goes once tus has built its answer: a creation that carried the
    // whole file looks its upload up after the finish hook (for Upload-Expires), and found none (404).
    this.server.on(EVENTS.POST_CREATE, (_request, upload: Upload) => this.creating.delete(upload.id));
    this.server.on(EVENTS.POST_FINISH, (_request, _response, upload: Upload) => {
      this.store.remove(upload.id).catch((error: unknown) => this.logger.warn(`Staged upload ${upload.id} not removed; it expires: ${String(error)}`));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await mkdir(resolve(this.settings.stagingDir), { recursive: true });
  }

  /** Creation (POST): the caller passed the bearer-token guard and a role check already. */
  async create(principal: AuthPrincipal, request: IncomingMessage, response: ServerResponse): Promise<void> {
    await this.handle(principal, request, response);
  }

  /**
   * HEAD, PATCH and DELETE of one upload: only its creator's. A finished one that was recorded
   * answers with its recorded outcome (a client whose connection dropped while it finished); a HEAD,
   * with the offset of a complete upload.
   */
  async continue(principal: AuthPrincipal, id: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Recorded first: a finished upload's staged copy may still be there for a moment (it goes once
    // tus has answered) or for good after a crash in that moment; its answer is the recorded one.
    const recorded = UPLOAD_ID.test(id) ? await this.idempotency.find(principal.subject, keyOf(id)) : undefined;
    if (recorded) {
      request.resume();
      // Only its creator's record names an upload (client keys never begin with the prefix), but the
      // staged bytes go only when the caller owns them, whatever a record says.
      if ((await this.ownerOf(id)) === principal.subject) await this.store.remove(id).catch(() => undefined);
      if (request.method === 'DELETE' && recorded.statusCode < 300) throw UploadErrors.resumableAlreadyRecorded(recorded.body);
      return request.method === 'HEAD' ? replayOffset(response, recorded) : replay(response, recorded);
    }
    const owner = UPLOAD_ID.test(id) ? await this.ownerOf(id) : undefined;
    if (owner === undefined) {
      request.resume();
      throw UploadErrors.resumableNotFound();
    }
    if (owner !== principal.subject) {
      request.resume();
      throw UploadErrors.resumableNotFound();
    }
    const recordingUntil = await this.settleCompleteUnrecorded(id, request);
    // tus-js-client starts a new upload after a HEAD answered 4xx, except 423 Locked, which it
    // retries: a client that lost its last PATCH's answer would otherwise send the whole file again.
    if (recordingUntil !== undefined && request.method === 'HEAD') return answerLocked(response, recordingUntil);
    if (recordingUntil !== undefined) throw UploadErrors.resumableBeingRecorded();
    await this.handle(principal, request, response);
  }

  /**
   * All its bytes here, no answer recorded: a replica is recording it (tus unlocks the upload before
   * the finish hook runs), or one died doing so. A HEAD must not say "complete" meanwhile (a tus
   * client would report success for evidence that may never be recorded), nor may a PATCH start a
   * second recording or a DELETE pull the file from under the first: refused while the recording's
   * lease runs; after it, the last byte is held back so the client sends it again.
   */
  private async settleCompleteUnrecorded(id: string, request: IncomingMessage): Promise<number | undefined> {
    const staged = await this.store.getUpload(id).catch(() => undefined);
    if (!staged?.size || staged.offset !== staged.size) return undefined;
    const recordingUntil = Number(staged.metadata?.[RECORDING_UNTIL] ?? 0);
    if (recordingUntil > Date.now()) {
      request.resume();
      return recordingUntil;
    }
    await this.holdBackLastByte(staged);
    return undefined;
  }

  /**
   * For the periodic sweep: abandoned uploads older than RESUMABLE_EXPIRY_MINUTES, and the staged
   * copies of recorded ones (a crash between the record and the copy's removal), which the file
   * store's own expiry never takes because they are complete.
   */
  async removeExpired(): Promise<number> {
    let removed = await this.server.cleanUpExpiredUploads();
    for (const name of await readdir(resolve(this.settings.stagingDir))) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!UPLOAD_ID.test(id)) continue;
      const owner = await this.ownerOf(id);
      if (owner && (await this.idempotency.find(owner, keyOf(id)))) {
        await this.store.remove(id).catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }

  private async handle(principal: AuthPrincipal, request: IncomingMessage, response: ServerResponse): Promise<void> {
    // tus writes these refusals itself, in English, before any hook could answer them (#185).
    if (answerTusHeaderRefusal(request, response)) return;
    this.principals.set(request, principal);
    try {
      // What tus's handle() does, with one step between: tus builds an error answer from our JSON
      // string, and a Response made from a string says text/plain, which clients that go by the
      // header read as text.
      const tusRequest = new NodeRequest({ req: request, res: response });
      const answer = await this.server.handleWeb(tusRequest);
      if (this.answeredInJson.has(tusRequest)) answer.headers.set('Content-Type', 'application/json; charset=utf-8');
      await sendNodeResponse(response, answer);
    } finally {
      this.principals.delete(request);
    }
  }

  private async assertOwner(request: TusRequest, id: string): Promise<void> {
    // A creation names the id it is about to make: there is no owner yet (the caller becomes it).
    if (request.method === 'POST') return;
    if (!UPLOAD_ID.test(id) || (await this.ownerOf(id)) !== this.principalOf(request).subject) throw UploadErrors.resumableNotFound();
  }

  private async ownerOf(id: string): Promise<string | undefined> {
    try {
      return (await this.store.getUpload(id)).metadata?.[OWNER] ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Refuses at once what the finished upload would be refused for: caller, destination, deadline, size, quota. */
  private async created(request: TusRequest, upload: Upload): Promise<{ metadata: Record<string, string> }> {
    const principal = this.principalOf(request);
    const fields = fieldsOf(upload.metadata);
    const startedAt = this.clock.now();
    // One statement: the destination's facts and the Pemda's stored bytes.
    const { usedBytes } = await this.targets.resolveWithUsedBytes(principal, fields, startedAt);
    if (upload.size === undefined) throw UploadErrors.resumableLengthRequired();
    if (upload.size === 0) throw UploadErrors.empty();
    if (upload.size > this.settings.maxBytes) throw UploadErrors.tooLarge(this.settings.maxBytes);
    const allowance = this.quota.allowanceWith(usedBytes);
    if (upload.size > allowance.maxBytes) throw allowance.refusal();
    await this.reserveStagingRoom(fields.pemdaCode ?? '', upload.id, upload.size);
    return {
      metadata: {
        ...fields,
        filename: upload.metadata?.filename ?? '',
        [OWNER]: principal.subject,
        // The deadline is judged at the start of the upload, however long it takes to finish.
        [STARTED_AT]: startedAt.toISOString(),
      },
    };
  }

  /**
   * Staged bytes count against the quota too (docs/decisions.md #153): a new upload must fit beside
   * what the Pemda stores and what its unfinished uploads declared. Without it one operator could
   * stage any number of quota-sized uploads at once and fill the staging volume until they expire.
   */
  private reserveStagingRoom(pemdaCode: string, id: string, size: number): Promise<void> {
    const check = this.stagingChecks.then(async () => {
      // Stored bytes read again here, with the staging listing: an upload recorded (and its staged
      // copy removed) since the creation's first read would otherwise be counted in neither.
      const usedBytes = await this.quota.usedBytesOf(pemdaCode);
      const allowance = this.quota.allowanceWith(usedBytes, await this.stagedBytesOf(pemdaCode));
      if (size > allowance.maxBytes) throw allowance.refusal();
      this.creating.set(id, { pemdaCode, bytes: size });
      setTimeout(() => this.creating.delete(id), CREATION_GRACE_MS).unref();
    });
    this.stagingChecks = check.catch(() => undefined);
    return check;
  }

  /**
   * The lengths the Pemda's staged uploads declared, finished or not, until they expire: a finished
   * one is there only until it is recorded, or while a failed recording waits for the client's retry.
   * The staging directory is the one every replica mounts, so this holds across them.
   */
  private async stagedBytesOf(pemdaCode: string): Promise<number> {
    const configstore = this.store.configstore;
    const expiresBefore = this.settings.expiryMs > 0 ? Date.now() - this.settings.expiryMs : -Infinity;
    const counted = new Set<string>();
    let bytes = 0;
    for (const id of (await configstore.list?.()) ?? []) {
      const staged = await configstore.get(id);
      if (!staged || staged.metadata?.pemdaCode !== pemdaCode) continue;
      if (staged.creation_date && new Date(staged.creation_date).getTime() < expiresBefore) continue;
      counted.add(id);
      bytes += staged.size ?? 0;
    }
    for (const [id, creation] of this.creating) {
      if (creation.pemdaCode === pemdaCode && !counted.has(id)) bytes += creation.bytes;
    }
    return bytes;
  }

  private async finished(request: TusRequest, upload: Upload): Promise<{ status_code: number; headers: Record<string, string>; body: string }> {
    const principal = this.principalOf(request);
    const metadata = upload.metadata ?? {};
    const completedAt = metadata[COMPLETED_AT] ? new Date(metadata[COMPLETED_AT]) : this.clock.now();
    // Before anything is read: from here a HEAD is told to wait, not that the upload is complete.
    await this.writeMetadata(upload.id, { [COMPLETED_AT]: completedAt.toISOString(), [RECORDING_UNTIL]: String(Date.now() + RECORDING_LEASE_MS) });
    try {
      const outcome = await this.uploads.submitResumable(principal, {
        fields: fieldsOf(metadata),
        startedAt: new Date(metadata[STARTED_AT] ?? ''),
        originalName: metadata.filename ?? '',
        content: async () => this.store.read(upload.id),
        idempotencyKey: keyOf(upload.id),
        completedAt,
        declaredBytes: upload.size ?? -1,
        lateFinishMs: this.settings.lateFinishMs,
      });
      return { status_code: outcome.statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(outcome.body) };
    } catch (error) {
      // A refusal is final: the staged bytes go with it. A failure (scanner or database down) keeps
      // them, all but the last byte: a tus client resuming after the 5xx asks for the offset, and one
      // at the full length would tell it the upload is complete (tus-js-client reports success) while
      // nothing was recorded. One byte short, it sends that byte again and the recording is retried.
      // Except an upload sent whole with its creation: tus's error answer to that POST carries no
      // Location, so no client can resume it, and kept it would count against the Pemda's staging
      // allowance until it expired, once more for every retry (#213).
      if ((error instanceof DomainError && httpStatusOf(error) < 500) || request.method === 'POST') await this.store.remove(upload.id);
      else await this.holdBackLastByte(upload);
      throw error;
    }
  }

  /** One byte short, the recording over: the client's next HEAD sends it back for that byte. */
  private async holdBackLastByte(upload: Pick<Upload, 'id' | 'size'>): Promise<void> {
    if (!upload.size) return;
    try {
      await truncate(join(resolve(this.settings.stagingDir), upload.id), upload.size - 1);
      await this.writeMetadata(upload.id, { [RECORDING_UNTIL]: null });
    } catch (error) {
      this.logger.warn(`Staged upload ${upload.id} kept whole after a failed recording; it is held back when its client next asks: ${String(error)}`);
    }
  }

  /** Service-written metadata in the staged upload's record (every replica reads the same staging). */
  private async writeMetadata(id: string, values: Record<string, string | null>): Promise<void> {
    const staged = await this.store.configstore.get(id);
    if (!staged) return;
    staged.metadata = { ...staged.metadata, ...values };
    await this.store.configstore.set(id, staged);
  }

  private principalOf(request: TusRequest): AuthPrincipal {
    const node = request.runtime?.node?.req;
    const principal = node && this.principals.get(node);
    if (!principal) throw new Error('tus request without an authenticated caller');
    return principal;
  }
}

/** The upload id a path ends with (`/v1/evidence/uploads/<id>`), if it has the form of one. */
export function uploadIdOfPath(pathname: string): string | undefined {
  const last = /([^/]+)\/?$/.exec(pathname)?.[1];
  return last !== undefined && UPLOAD_ID.test(last) ? last : undefined;
}

/** What the hooks need of srvx's request: the Node request it wraps (an HTTP/2 one never reaches here). */
type TusRequest = { method?: string; runtime?: { node?: { req?: object } } };

function fieldsOf(metadata: Record<string, string | null> | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of FIELD_NAMES) {
    const value = metadata?.[name];
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** One finished tus upload is one recorded answer, under its creator, like an Idempotency-Key. */
function keyOf(id: string): string {
  return `${RESUMABLE_UPLOAD_KEY_PREFIX}${id}`;
}

/**
 * HEAD of a recorded upload: as tus answers for one complete (200, the offset at the full length), so
 * a client that lost the answer and resumes learns it is done; a PATCH is answered with the recorded
 * outcome itself (`replay`). A recorded refusal is told by its status alone.
 */
function replayOffset(response: ServerResponse, recorded: RecordedResponse): void {
  const sizeBytes = (recorded.body as { sizeBytes?: unknown }).sizeBytes;
  if (recorded.statusCode >= 300 || typeof sizeBytes !== 'number') return replay(response, recorded);
  response.statusCode = 200;
  response.setHeader('Tus-Resumable', '1.0.0');
  response.setHeader('Upload-Offset', String(sizeBytes));
  response.setHeader('Upload-Length', String(sizeBytes));
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Idempotent-Replayed', 'true');
  response.end();
}

/** HEAD while the complete file is being recorded: 423 Locked, which tus clients retry; a HEAD has no body. */
function answerLocked(response: ServerResponse, recordingUntil: number): void {
  response.statusCode = 423;
  response.setHeader('Tus-Resumable', '1.0.0');
  response.setHeader('Retry-After', String(Math.max(1, Math.ceil((recordingUntil - Date.now()) / 1000))));
  response.setHeader('Cache-Control', 'no-store');
  response.end();
}

function replay(response: ServerResponse, recorded: RecordedResponse): void {
  response.statusCode = recorded.statusCode;
  // A tus client takes a PATCH answer without Upload-Offset for a protocol error.
  const sizeBytes = (recorded.body as { sizeBytes?: unknown }).sizeBytes;
  if (recorded.statusCode < 300 && typeof sizeBytes === 'number') response.setHeader('Upload-Offset', String(sizeBytes));
  response.setHeader('Content-Type', 'application/json');
  response.setHeader('Idempotent-Replayed', 'true');
  response.setHeader('Tus-Resumable', '1.0.0');
  response.end(JSON.stringify(recorded.body));
}

/** Our refusals as the rest of the API answers them (DomainErrorFilter's shape); other errors without their details. */
function answerOf(error: Error | { status_code: number; body: string }, logger: Logger): { status_code: number; body: string } | undefined {
  if (error instanceof DomainError) {
    const statusCode = httpStatusOf(error);
    return {
      status_code: statusCode,
      body: JSON.stringify({ statusCode, error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) }),
    };
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    return { status_code: error.getStatus(), body: JSON.stringify(typeof body === 'string' ? { statusCode: error.getStatus(), message: body } : body) };
  }
  if ('status_code' in error) return tusProtocolAnswer(error);
  // As DomainErrorFilter answers every other route (#171); tus's error hook sets no headers, so no Retry-After.
  if (classifyFailure(error) === 'transient') {
    logger.warn(`Resumable upload temporarily unavailable: ${error.message}`);
    return { status_code: 503, body: JSON.stringify(temporarilyUnavailableBody()) };
  }
  logger.error(`Resumable upload failed: ${error.stack ?? String(error)}`);
  return {
    status_code: 500,
    body: JSON.stringify({ statusCode: 500, error: 'INTERNAL_ERROR', message: 'Terjadi kesalahan pada server; silakan coba lagi (internal error, please retry)' }),
  };
}
