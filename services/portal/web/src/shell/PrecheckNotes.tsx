import { useEffect, useState } from 'react';
import { api } from '../api/client';
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
  const [view, setView] = useState<PrecheckView | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (poll: number) => {
      try {
        const next = await api<PrecheckView>(`/api/submissions/v1/evidence/${encodeURIComponent(evidenceId)}/prechecks`);
        if (cancelled) return;
        setView(next);
        if (next.status === 'pending' && poll < MAX_POLLS) timer = setTimeout(() => void load(poll + 1), POLL_MS);
      } catch {
        // The checks are a help beside the file, not the file: without them the page stays usable.
      }
    };
    void load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [evidenceId]);

  if (!view) return null;
  return (
    <div className="prechecks small" data-testid="prechecks" aria-live="polite">
      <strong>{t('precheck.title')}</strong>
      {view.status === 'pending' ? (
        <p className="muted">{t('precheck.pending')}</p>
      ) : (
        <ul>
          {view.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
