import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

interface PrecheckView {
  status: 'pending' | 'done' | 'stopped' | 'failed';
  notes: string[];
}

const POLL_MS = 2_000;
const MAX_POLLS = 30;

/**
 * What the service's automatic checks found in one file (opens, pages, text layer, dates,
 * signatures, photo date, ZIP entries), for the uploader right after an upload and for the verifier
 * beside the evidence. The notes come written in Indonesian by the service; they inform, never decide.
 */
export function PrecheckNotes({ evidenceId }: { evidenceId: string }) {
  const { t } = useI18n();
  // Tagged with its file: another file's notes never show under this one while its own load.
  const [view, setView] = useState<{ evidenceId: string; precheck: PrecheckView } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (poll: number) => {
      try {
        const next = await api<PrecheckView>(`/api/submissions/v1/evidence/${encodeURIComponent(evidenceId)}/prechecks`);
        if (cancelled) return;
        setView({ evidenceId, precheck: next });
        if (next.status === 'pending' && poll < MAX_POLLS) timer = setTimeout(() => void load(poll + 1), POLL_MS);
      } catch (cause) {
        // The checks are a help beside the file, not the file: without them the page stays usable. A
        // poll that met a blip (network, a restarting service) tries again while polls remain.
        const transient = !(cause instanceof ApiError) || cause.code === 'NETWORK_ERROR' || cause.status >= 500;
        if (transient && !cancelled && poll < MAX_POLLS) timer = setTimeout(() => void load(poll + 1), POLL_MS);
      }
    };
    void load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [evidenceId]);

  if (view?.evidenceId !== evidenceId) return null;
  const precheck = view.precheck;
  return (
    <div className="prechecks small" data-testid="prechecks" aria-live="polite">
      <strong>{t('precheck.title')}</strong>
      {precheck.status === 'pending' ? (
        <p className="muted">{t('precheck.pending')}</p>
      ) : (
        <ul>
          {precheck.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
