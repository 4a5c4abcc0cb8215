import { useEffect, useRef, useState, type DragEvent } from 'react';
import { ApiError, api, downloadPath, newIdempotencyKey, upload, type UploadHandle } from '../api/client';
import { usePersonLabel } from '../shell/people-names';
import { PrecheckNotes } from '../shell/PrecheckNotes';
import type { EvidenceView, SubmissionHistoryView, SubmissionItemView } from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { Dialog } from '../shell/Dialog';
import { formatBytes, formatDateTime, formatNumber, type Zone } from '../shell/format';
import { ErrorNotice, Loading, ProgressBar, StatusBadge } from '../shell/ui';
import { ACCEPT_ATTRIBUTE, fileProblem, MAX_UPLOAD_BYTES } from './upload-rules';

interface Props {
  pemdaCode: string;
  year: number;
  item: SubmissionItemView;
  zone: Zone;
  uploadsOpen: boolean;
  canUpload: boolean;
  /** An OPD operator's item outside their assignment: readable, not theirs to change. */
  outsideAssignment?: boolean;
  onChanged: () => void;
}

interface Pending {
  file: File;
  /** Kept across retries so a retried upload is answered once (Idempotency-Key). */
  key: string;
  /** The claim and note the key was last sent with: a changed form is a new request, under a new key. */
  sentWith?: string;
}

export function ItemPanel({ pemdaCode, year, item, zone, uploadsOpen, canUpload: mayUpload, outsideAssignment = false, onChanged }: Props) {
  const canUpload = mayUpload && !outsideAssignment;
  const { t, locale } = useI18n();
  const inputRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // "Keep" by default, not the value this page last read: a colleague's newer claim is not overwritten.
  const [claim, setClaim] = useState<string>('');
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const handleRef = useRef<UploadHandle<EvidenceView> | null>(null);
  const [withdrawing, setWithdrawing] = useState<EvidenceView | null>(null);
  // The "Tarik" button that opened the dialog goes with the withdrawn file: focus goes to what happened.
  // An object, so a second withdrawal with the same words still moves focus.
  const [withdrawn, setWithdrawn] = useState<{ text: string } | null>(null);
  const withdrawnRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (withdrawn) withdrawnRef.current?.focus();
  }, [withdrawn]);
  const [history, setHistory] = useState<SubmissionHistoryView | null | 'loading'>(null);
  const [historyError, setHistoryError] = useState<unknown>(null);
  const idBase = `item-${item.subIndicatorCode.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const choose = (file: File | undefined) => {
    setDone(null);
    setWithdrawn(null);
    setUploadError(null);
    if (!file) return;
    const found = fileProblem(file);
    if (found) {
      setPending(null);
      setProblem(t(`upload.problem.${found}` as DictKey, { name: file.name, max: formatBytes(MAX_UPLOAD_BYTES, locale) }));
      return;
    }
    setProblem(null);
    setPending({ file, key: newIdempotencyKey() });
  };

  const start = async () => {
    if (!pending) return;
    // A retry repeats its request; one whose claim or note changed is another request (the service
    // would refuse the old key with IDEMPOTENCY_KEY_REUSED rather than drop the change).
    const sentWith = JSON.stringify([claim, note.trim()]);
    const key = pending.sentWith === undefined || pending.sentWith === sentWith ? pending.key : newIdempotencyKey();
    setPending({ ...pending, key, sentWith });
    setUploadError(null);
    setProgress({ loaded: 0, total: pending.file.size });
    const handle = upload<EvidenceView>(
      '/api/submissions/v1/evidence',
      { pemdaCode, year: String(year), subIndicatorCode: item.subIndicatorCode, claimedValue: claim, note: note.trim() || undefined },
      pending.file,
      setProgress,
      { 'Idempotency-Key': key },
    );
    handleRef.current = handle;
    try {
      const result = await handle.done;
      setDone(result.status === 200 ? t('upload.duplicate') : t('upload.done', { version: result.body?.version ?? '' }));
      setPending(null);
      setNote('');
      if (inputRef.current) inputRef.current.value = '';
      onChanged();
      historyAfterChange();
    } catch (cause) {
      setUploadError(cause);
    } finally {
      handleRef.current = null;
      setProgress(null);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    // A file dropped while another is on its way would take over the progress label, then be dropped itself.
    if (!uploadsOpen || !canUpload || progress !== null) return;
    choose(event.dataTransfer.files[0]);
  };

  // Refs, not state: an upload's completion runs in the render it started from, and must see a
  // history opened while the file was on its way; only the latest of overlapping loads is shown.
  const historyOpen = useRef(false);
  const historyLoads = useRef(0);
  const loadHistory = async () => {
    historyOpen.current = true;
    const load = ++historyLoads.current;
    setHistory('loading');
    setHistoryError(null);
    try {
      const view = await api<SubmissionHistoryView>(
        `/api/submissions/v1/pemda/${encodeURIComponent(pemdaCode)}/submissions/${year}/${encodeURIComponent(item.subIndicatorCode)}`,
      );
      if (load === historyLoads.current) setHistory(view);
    } catch (cause) {
      if (load !== historyLoads.current) return;
      historyOpen.current = false;
      setHistory(null);
      setHistoryError(cause);
    }
  };

  // An open history shows the version just uploaded or withdrawn, not the one before it.
  const historyAfterChange = () => {
    if (historyOpen.current) void loadHistory();
  };

  const uploading = progress !== null;
  const retryable = uploadError instanceof ApiError && (uploadError.code === 'NETWORK_ERROR' || uploadError.status >= 500);

  return (
    <div className="item-panel">
      {item.status === 'not_counted' && item.notCountedReason && (
        <div className="notice notice-error">
          <p>
            <strong>{t('item.notCounted')}</strong>
          </p>
          <p>{item.notCountedReason}</p>
        </div>
      )}
      {item.decisionReason && (item.status === 'revision_requested' || item.status === 'rejected') && (
        <div className={`notice ${item.status === 'rejected' ? 'notice-error' : 'notice-warning'}`}>
          <p>
            <strong>{t('item.verifierNote')}</strong>
          </p>
          <p>{item.decisionReason}</p>
        </div>
      )}

      <dl className="facts">
        <div>
          <dt>{t('item.rubric')}</dt>
          <dd>{item.rubricSteps.map((step) => formatNumber(step, locale)).join(' / ')}</dd>
        </div>
        <div>
          <dt>{t('item.claimed')}</dt>
          <dd>{formatNumber(item.claimedValue, locale)}</dd>
        </div>
        <div>
          <dt>{t('item.verified')}</dt>
          <dd>{formatNumber(item.verifiedValue, locale)}</dd>
        </div>
      </dl>

      <h4>{t('item.files')}</h4>
      {item.files.length === 0 ? (
        <p className="muted">{t('item.noFiles')}</p>
      ) : (
        <ul className="file-list">
          {item.files.map((file) => (
            <li key={file.id}>
              <div>
                <a href={downloadPath(file.id)} download={file.fileName}>
                  {file.fileName}
                </a>{' '}
                <span className="muted small">
                  {t('item.version', { version: file.version })} · {formatBytes(file.sizeBytes, locale)} · {formatDateTime(file.submittedAt, locale, zone)}
                </span>
                <div className="small">
                  {t(`evidence.${file.status}` as DictKey)}
                  {file.statusReason && <> · {file.statusReason}</>}
                </div>
                <PrecheckNotes evidenceId={file.id} />
              </div>
              {file.status === 'submitted' && canUpload && (
                <button type="button" className="button-secondary small" onClick={() => setWithdrawing(file)} aria-label={`${t('action.withdraw')}: ${file.fileName}`}>
                  {t('action.withdraw')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {withdrawn && (
        <p className="notice notice-success" role="status" tabIndex={-1} ref={withdrawnRef}>
          {withdrawn.text}
        </p>
      )}

      {mayUpload && outsideAssignment && <p className="notice">{t('assignment.outside')}</p>}
      {canUpload && (
        <div className="upload">
          <h4>{t('upload.title')}</h4>
          {!uploadsOpen ? (
            <p className="notice notice-warning">{t('upload.closed')}</p>
          ) : (
            <>
              <p className="muted small" id={`${idBase}-rules`}>
                {t('upload.rules', { max: formatBytes(MAX_UPLOAD_BYTES, locale) })}
              </p>
              <div
                className={dragging ? 'dropzone dragging' : 'dropzone'}
                onDragOver={(event) => {
                  event.preventDefault();
                  setDragging(true);
                }}
                onDragLeave={() => setDragging(false)}
                onDrop={onDrop}
                data-testid={`dropzone-${item.subIndicatorCode}`}
              >
                <p>{t('upload.drop')}</p>
                <input
                  ref={inputRef}
                  id={`${idBase}-file`}
                  type="file"
                  className="visually-hidden"
                  accept={ACCEPT_ATTRIBUTE}
                  tabIndex={-1}
                  aria-label={t('upload.choose')}
                  aria-describedby={`${idBase}-rules`}
                  onChange={(event) => choose(event.target.files?.[0])}
                />
                <button type="button" className="button-secondary" onClick={() => inputRef.current?.click()} disabled={uploading}>
                  {t('upload.choose')}
                </button>
                {pending && (
                  <p className="small">
                    {t('upload.chosen', { name: pending.file.name, size: formatBytes(pending.file.size, locale) })}
                  </p>
                )}
              </div>
              {problem && (
                <p className="notice notice-error" role="alert">
                  {problem}
                </p>
              )}
              <div className="form-row">
                <div className="field">
                  <label htmlFor={`${idBase}-claim`}>{t('upload.claim')}</label>
                  <select id={`${idBase}-claim`} value={claim} onChange={(event) => setClaim(event.target.value)} disabled={uploading}>
                    <option value="">
                      {item.claimedValue === null ? t('upload.claimKeep') : t('upload.claimKeepValue', { value: formatNumber(item.claimedValue, locale) })}
                    </option>
                    {item.rubricSteps.map((step) => (
                      <option key={step} value={String(step)}>
                        {formatNumber(step, locale)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field grow">
                  <label htmlFor={`${idBase}-note`}>{t('upload.note')}</label>
                  <textarea
                    id={`${idBase}-note`}
                    value={note}
                    maxLength={2000}
                    rows={2}
                    onChange={(event) => setNote(event.target.value)}
                    disabled={uploading}
                  />
                </div>
              </div>
              {progress && (
                <ProgressBar value={progress.loaded} max={progress.total} label={t('upload.progress', { name: pending?.file.name ?? '' })} />
              )}
              <div className="button-row">
                <button type="button" className="button-primary" onClick={() => void start()} disabled={!pending || uploading}>
                  {retryable ? t('action.retryUpload') : t('action.upload')}
                </button>
                {uploading && (
                  <button type="button" className="button-secondary" onClick={() => handleRef.current?.abort()}>
                    {t('action.cancelUpload')}
                  </button>
                )}
              </div>
              <ErrorNotice error={uploadError} />
              {done && (
                <p className="notice notice-success" role="status">
                  {done}
                </p>
              )}
            </>
          )}
        </div>
      )}

      <div className="button-row">
        <button type="button" className="button-link" onClick={() => void loadHistory()} aria-expanded={history !== null}>
          {t('item.showHistory')}
        </button>
      </div>
      <ErrorNotice error={historyError} />
      {history === 'loading' && <Loading />}
      {history && history !== 'loading' && <HistoryList history={history} zone={zone} />}

      <WithdrawDialog
        // Each file opens its own dialog: a reason or an error typed for another file does not carry over.
        key={withdrawing?.id ?? 'none'}
        evidence={withdrawing}
        uploadsOpen={uploadsOpen}
        onClose={() => setWithdrawing(null)}
        onDone={() => {
          setWithdrawn({ text: t('withdraw.done', { name: withdrawing?.fileName ?? '' }) });
          setWithdrawing(null);
          onChanged();
          historyAfterChange();
        }}
      />
    </div>
  );
}

function HistoryList({ history, zone }: { history: SubmissionHistoryView; zone: Zone }) {
  const { t, locale } = useI18n();
  // The label carries the subject (a UUID under the identity provider); the reader gets the name where the portal knows it.
  const personLabel = usePersonLabel();
  return (
    <div className="history">
      <h4>{t('item.versions')}</h4>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('item.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('item.versionCol')}</th>
              <th scope="col">{t('item.fileCol')}</th>
              <th scope="col">{t('item.statusCol')}</th>
              <th scope="col">{t('item.whenCol')}</th>
            </tr>
          </thead>
          <tbody>
            {history.versions.map((version) => (
              <tr key={version.id}>
                <td>{version.version}</td>
                <td>
                  <a href={downloadPath(version.id)} download={version.fileName}>
                    {version.fileName}
                  </a>
                  {version.note && <div className="small muted">{version.note}</div>}
                </td>
                <td>
                  {t(`evidence.${version.status}` as DictKey)}
                  {version.statusReason && <div className="small">{version.statusReason}</div>}
                </td>
                <td>{formatDateTime(version.submittedAt, locale, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t('item.timeline')}</h4>
      <ol className="timeline">
        {history.history.map((entry, index) => (
          <li key={`${entry.occurredAt}-${index}`}>
            <span className="muted small">{formatDateTime(entry.occurredAt, locale, zone)}</span>{' '}
            <strong>{t(`history.${entry.kind}` as DictKey)}</strong>
            {entry.version !== null && <> · {t('item.version', { version: entry.version })}</>}
            {entry.outcome && <> · {t(`outcome.${entry.outcome}` as DictKey)}</>}
            {entry.verifiedValue !== null && <> · {t('item.verified')}: {formatNumber(entry.verifiedValue, locale)}</>}
            {entry.claimedValue !== null && entry.kind === 'claim_changed' && <> · {t('item.claimed')}: {formatNumber(entry.claimedValue, locale)}</>}
            {entry.reason && <div className="small">{entry.reason}</div>}
            <div className="small muted">{entry.actorLabel.replace(entry.actor, () => personLabel(entry.actor))}</div>
          </li>
        ))}
      </ol>
      {history.item.status && (
        <p className="small">
          {t('item.statusNow')} <StatusBadge status={history.item.status} />
        </p>
      )}
    </div>
  );
}

function WithdrawDialog({
  evidence,
  uploadsOpen,
  onClose,
  onDone,
}: {
  evidence: EvidenceView | null;
  uploadsOpen: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!evidence) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/submissions/v1/evidence/${encodeURIComponent(evidence.id)}/withdrawal`, {
        method: 'POST',
        body: reason.trim() ? { reason: reason.trim() } : {},
      });
      setReason('');
      onDone();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('withdraw.title')} open={evidence !== null} onClose={onClose}>
      <p>{t('withdraw.explain', { name: evidence?.fileName ?? '' })}</p>
      {/* Withdrawing stays possible after the deadline (a wrong or private file must be able to go), but nothing can replace it then. */}
      {!uploadsOpen && <p className="notice notice-warning">{t('withdraw.afterDeadline')}</p>}
      <div className="field">
        <label htmlFor="withdraw-reason">{t('withdraw.reason')}</label>
        <textarea id="withdraw-reason" value={reason} maxLength={2000} rows={3} onChange={(event) => setReason(event.target.value)} />
      </div>
      <ErrorNotice error={error} />
      <div className="button-row">
        <button type="button" className="button-danger" onClick={() => void confirm()} disabled={busy}>
          {t('withdraw.confirm')}
        </button>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('action.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
