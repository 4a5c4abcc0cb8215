import { useEffect, useRef, useState } from 'react';
import { api, ApiError, newIdempotencyKey, upload, type UploadProgress } from '../api/client';
import type { ClarificationThreadView } from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { ACCEPT_ATTRIBUTE, fileProblem, MAX_UPLOAD_BYTES } from '../operator/upload-rules';
import { formatBytes, formatDateTime, type Zone } from './format';
import { usePersonLabel } from './people-names';
import { useNewNotice } from './NotificationBell';
import { ErrorNotice, Loading, ProgressBar, useAsync } from './ui';

/*
 * A task's clarification thread (docs/decisions.md #66), beside the evidence: the verifier holding
 * the task asks (and may stop the task's clock until the Pemda answers), the Pemda's users answer,
 * with a file if need be (uploaded first through submissions' checks). The services decide who
 * may write; this shows the thread and the form for the side the reader is on.
 */
export function ClarificationThread(props: {
  taskId: string;
  side: 'verifier' | 'pemda';
  canWrite: boolean;
  zone: Zone;
  /** Changes when a list knows the thread changed (a new message, the task finished): it is read again. */
  version?: string;
  onPosted?: () => void;
}) {
  const { taskId, side, canWrite, zone, version, onPosted } = props;
  const { t, locale } = useI18n();
  const personLabel = usePersonLabel();
  const thread = useAsync((signal) => api<ClarificationThreadView>(`/api/verification/v1/tasks/${encodeURIComponent(taskId)}/clarifications`, { signal }), [taskId]);
  // Read again in place when the list says the thread changed: a draft in the form below survives.
  const shownVersion = useRef(version);
  const { reload } = thread;
  // The other side's message reaches this reader as a notice: the open thread shows it without a reload.
  useNewNotice(reload);
  useEffect(() => {
    if (shownVersion.current === version) return;
    shownVersion.current = version;
    reload();
  }, [version, reload]);
  const data = thread.data;
  return (
    <div className="clarification" data-testid="clarification-thread">
      <ErrorNotice error={thread.error} onRetry={thread.reload} />
      {thread.loading && !data && <Loading />}
      {data && (
        <>
          {data.clock.paused && !data.readOnly && (
            <p className="notice" role="status">
              {t(side === 'pemda' ? 'clarification.waitingForYou' : 'clarification.paused', { since: formatDateTime(data.clock.pausedSince, locale, zone) })}
            </p>
          )}
          {data.messages.length === 0 ? (
            <p className="muted">{t('clarification.none')}</p>
          ) : (
            <ol className="timeline">
              {data.messages.map((message) => (
                <li key={message.id}>
                  <span className="muted small">{formatDateTime(message.postedAt, locale, zone)}</span>{' '}
                  <strong>{personLabel(message.author)}</strong>{' '}
                  {/* The Pemda reads "Verifikator KPK" already; a verifier is told which side wrote. */}
                  {side === 'verifier' && <span className="small muted">({t(message.authorSide === 'verifier' ? 'clarification.fromVerifier' : 'clarification.fromPemda')})</span>}
                  <p className="clarification-body">{message.body}</p>
                  {message.attachment && (
                    <a className="small" href={`/api/submissions/v1/clarification-attachments/${encodeURIComponent(message.attachment.id)}/download`}>
                      {t('clarification.attachment')}
                    </a>
                  )}
                </li>
              ))}
            </ol>
          )}
          {data.readOnly && <p className="small muted">{t('clarification.readOnly')}</p>}
          {!data.readOnly && canWrite && (
            <MessageForm
              thread={data}
              side={side}
              onPosted={() => {
                thread.reload();
                onPosted?.();
              }}
              onClosed={thread.reload}
            />
          )}
        </>
      )}
    </div>
  );
}

function MessageForm(props: { thread: ClarificationThreadView; side: 'verifier' | 'pemda'; onPosted: () => void; onClosed: () => void }) {
  const { thread, side, onPosted, onClosed } = props;
  const { t, locale } = useI18n();
  const [body, setBody] = useState('');
  const [pausesClock, setPausesClock] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  // The file already stored for this message: a send retried after a failed POST does not upload
  // (and count against the Pemda's quota) a second time.
  const [stored, setStored] = useState<{ file: File; attachmentId: string } | null>(null);
  // One key per attached file: an upload whose answer was lost, sent again, is stored once (#219).
  const attachmentKey = useRef<{ file: File; key: string } | null>(null);
  // One key per message: a send retried after a lost answer is posted once (#201). A draft edited
  // since the last try is another message, with a key of its own.
  const lastTry = useRef<{ body: string; pausesClock: boolean; file: File | null; key: string } | null>(null);
  // A new key empties the file input after a send (a file input cannot be set from state).
  const [fileInputKey, setFileInputKey] = useState(0);
  // The evidence form's checks: an empty, wrong-type or too-large file is refused before a long upload.
  const [fileRefused, setFileRefused] = useState<string | null>(null);
  const id = `clarification-${thread.taskId}`;
  const send = async () => {
    setBusy(true);
    setError(null);
    setSent(false);
    const tried = lastTry.current;
    const idempotencyKey =
      tried && tried.body === body && tried.pausesClock === pausesClock && tried.file === file ? tried.key : newIdempotencyKey();
    lastTry.current = { body, pausesClock, file, key: idempotencyKey };
    try {
      let attachmentId: string | undefined;
      if (file) {
        attachmentId = stored?.file === file ? stored.attachmentId : undefined;
        if (!attachmentId) {
          if (attachmentKey.current?.file !== file) attachmentKey.current = { file, key: newIdempotencyKey() };
          const uploaded = await upload<{ id: string }>(
            '/api/submissions/v1/clarification-attachments',
            { pemdaCode: thread.pemdaCode, year: String(thread.year), subIndicatorCode: thread.subIndicatorCode },
            file,
            setProgress,
            { 'Idempotency-Key': attachmentKey.current.key },
          ).done;
          attachmentId = uploaded.body.id;
          setStored({ file, attachmentId });
        }
      }
      await postWhenAttachmentKnown(() =>
        api(`/api/verification/v1/tasks/${encodeURIComponent(thread.taskId)}/clarifications`, {
          method: 'POST',
          body: { body: body.trim(), ...(side === 'verifier' ? { pausesClock } : {}), ...(attachmentId ? { attachmentId } : {}) },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      );
      lastTry.current = null;
      setBody('');
      setFile(null);
      setStored(null);
      setFileInputKey((key) => key + 1);
      setSent(true);
      onPosted();
    } catch (cause) {
      setError(cause);
      // A file stored for another item: the next send uploads it again. One verification has not heard
      // of yet is kept: its announcement is on its way, and a new upload would only wait the same.
      if (cause instanceof ApiError && cause.code === 'FOREIGN_ATTACHMENT') {
        setStored(null);
        // Under its old key the upload would only be answered with the same attachment again.
        attachmentKey.current = null;
      }
      // Finished or closed meanwhile: read again, and the thread says it is read-only instead of a form.
      if (cause instanceof ApiError && (cause.code === 'THREAD_CLOSED' || cause.code === 'YEAR_CLOSED')) onClosed();
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-body`}>{t(side === 'verifier' ? 'clarification.question' : 'clarification.answer')}</label>
        <textarea
          id={`${id}-body`}
          value={body}
          onChange={(event) => {
            setBody(event.target.value);
            setSent(false);
          }}
          rows={3}
          required
          maxLength={4000}
          readOnly={busy}
        />
      </div>
      {side === 'verifier' && (
        <label className="check">
          <input type="checkbox" checked={pausesClock} disabled={busy} onChange={(event) => setPausesClock(event.target.checked)} /> {t('clarification.pausesClock')}
        </label>
      )}
      {side === 'pemda' && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('clarification.file')}</label>
          <input
            key={fileInputKey}
            id={`${id}-file`}
            type="file"
            accept={ACCEPT_ATTRIBUTE}
            disabled={busy}
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              const found = chosen && fileProblem(chosen);
              setSent(false);
              if (chosen && found) {
                setFile(null);
                setFileRefused(t(`upload.problem.${found}` as DictKey, { name: chosen.name, max: formatBytes(MAX_UPLOAD_BYTES, locale) }));
                // Emptied in place (focus stays), so the form does not appear to hold the refused file.
                event.target.value = '';
                return;
              }
              setFileRefused(null);
              setFile(chosen);
            }}
          />
          {file && <span className="small muted">{`${file.name} · ${formatBytes(file.size, locale)}`}</span>}
          {fileRefused && (
            <p className="notice notice-error" role="alert">
              {fileRefused}
            </p>
          )}
        </div>
      )}
      {progress && <ProgressBar value={progress.loaded} max={progress.total} label={t('clarification.uploading')} />}
      <ErrorNotice error={error} />
      {sent && (
        <p className="notice notice-success" role="status">
          {t('clarification.sent')}
        </p>
      )}
      <div>
        <button type="submit" className="button-primary" disabled={busy || !body.trim()}>
          {t(side === 'verifier' ? 'clarification.ask' : 'clarification.reply')}
        </button>
      </div>
    </form>
  );
}

/**
 * Verification learns a stored attachment's item from submissions' event, a moment after the
 * upload answered (docs/decisions.md #146): a post that outruns it is refused as retryable, so it
 * is sent again for a few seconds before the refusal is shown.
 */
async function postWhenAttachmentKnown<T>(post: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post();
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.code === 'ATTACHMENT_NOT_YET_KNOWN') || attempt >= 8) throw cause;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
