import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { serverNow } from '../api/server-clock';
import type { ColourBand, ItemStatus } from '../api/types';
import { useI18n, type DictKey, type Translate } from '../i18n/i18n';
import { formatScore } from './format';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads on mount and whenever `deps` change; `reload` re-fetches keeping the old data on screen.
 * Data and errors belong to the `deps` they were loaded for: after a change (another year, another
 * filter) the page shows loading, never the previous answer under the new choice, with buttons that
 * would act on it. `keepOnChange` is for deps that only say "read again" (a counter, a version).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, options: { keepOnChange?: boolean } = {}): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loadedFor: DependencyList | null }>({ data: undefined, error: null, loadedFor: null });
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    const loadedFor = deps;
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setState({ data: value, error: null, loadedFor });
      })
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        // A failed reload keeps what was shown for the same choice; a failed change shows only the error.
        setState((current) => ({ data: sameDeps(current.loadedFor, loadedFor) ? current.data : undefined, error: cause, loadedFor }));
      })
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  const current = options.keepOnChange || sameDeps(state.loadedFor, deps);
  return { data: current ? state.data : undefined, error: current ? state.error : null, loading: loading || !current, reload };
}

function sameDeps(a: DependencyList | null, b: DependencyList): boolean {
  return a !== null && a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * Whether `until` is still ahead by the server's clock (`serverNow`). It flips when the moment passes, so a button that the moment
 * closes (uploads at the deadline) closes with it, without re-rendering a page every second.
 */
export function useBefore(until: string | null): boolean {
  const at = until === null ? Number.POSITIVE_INFINITY : Date.parse(until);
  // Read from the clock at each render; the state only wakes a render when the moment passes.
  const [wakes, setWakes] = useState(0);
  const before = at > serverNow();
  useEffect(() => {
    const left = at - serverNow();
    if (!(left > 0) || !Number.isFinite(left)) return undefined;
    // A timer holds at most ~24.8 days; a longer wait wakes early, reads the clock again and waits on.
    const timer = window.setTimeout(() => setWakes((count) => count + 1), Math.min(left + 50, 2 ** 31 - 1));
    return () => window.clearTimeout(timer);
  }, [at, wakes]);
  return before;
}

/** The current time (the server's, as far as known), refreshed every `intervalMs`: countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const KNOWN_ERRORS = new Set([
  'NETWORK_ERROR',
  'UPLOAD_ABORTED',
  'CSRF_TOKEN_INVALID',
  'SESSION_EXPIRED',
  'NOT_SIGNED_IN',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_FILE_TYPE',
  'ZIP_BOMB',
  'CORRUPT_ZIP',
  'EMPTY_FILE',
  'UPLOAD_DEADLINE_PASSED',
  'CLAIMED_VALUE_NOT_A_RUBRIC_STEP',
  'EVIDENCE_NOT_WITHDRAWABLE',
  'CLAIM_LOCKED',
  'EVIDENCE_CHANGED',
  'YEAR_CLOSED',
  'SUB_INDICATORS_REMOVED',
  'SUB_INDICATOR_REMOVED',
  'TEMPORARILY_UNAVAILABLE',
  'ATTACHMENT_NOT_YET_KNOWN',
  'FOREIGN_ATTACHMENT',
  'YEAR_ALREADY_CLOSED',
  'UNKNOWN_FRAMEWORK_YEAR',
  'UNKNOWN_PEMDA',
  'INVALID_FRAMEWORK',
  'EXTENSION_NOT_LATER',
  'EXTENSION_IN_THE_PAST',
  'FRAMEWORK_FILE_TOO_LARGE',
  'ALREADY_PUBLISHED',
  'STALE_REVISION',
  'EVIDENCE_FILE_MISSING',
  'OPEN_ITEMS_NEED_HANDOVER',
  'OPERATOR_ASSIGNMENT_NOT_FOUND',
  'TOO_MANY_REQUESTS',
  'NOT_CLAIM_HOLDER',
  'NOTHING_TO_HAND_OVER',
  'HANDOVER_TO_SELF',
  'THREAD_CLOSED',
  'QA_OWN_DECISION',
  'QA_AWAITING_FINAL_DECISION',
  'QA_ALREADY_REVIEWED',
  'DECISION_SUPERSEDED',
  'IDENTITY_PROVIDER_UNAVAILABLE',
]);

/**
 * An error in words the user can act on; the service's own message is kept as the detail, and
 * `fromServer` says whether it is one (not the browser's own, e.g. a failed fetch or PDF.js).
 */
export function errorText(t: Translate, error: unknown): { message: string; detail: string | null; fromServer: boolean } {
  if (error instanceof ApiError) {
    const detail = error.message || null;
    const fromServer = true;
    if (KNOWN_ERRORS.has(error.code)) return { message: t(`error.${error.code}` as DictKey), detail, fromServer };
    if (error.status === 403) return { message: t('error.forbidden'), detail, fromServer };
    if (error.status === 404) return { message: t('error.notFound'), detail, fromServer };
    if (error.status === 409) return { message: t('error.conflict'), detail, fromServer };
    if (error.status >= 500) return { message: t('error.server'), detail, fromServer };
    // Without a code of ours the message is the framework's validation text, in English: a detail.
    if (error.code.startsWith('HTTP_') && (error.status === 400 || error.status === 422)) return { message: t('error.invalidInput'), detail, fromServer };
    if (detail) return { message: detail, detail: null, fromServer };
    return { message: t('error.generic'), detail: null, fromServer };
  }
  return { message: t('error.generic'), detail: error instanceof Error ? error.message : null, fromServer: false };
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const { message, detail, fromServer } = errorText(t, error);
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{message}</strong>
      </p>
      {detail && detail !== message && <p className="notice-detail">{t(fromServer ? 'error.detail' : 'error.detailBrowser', { detail })}</p>}
      {error instanceof ApiError && error.status >= 500 && error.requestId && (
        <p className="notice-detail" data-testid="error-request-id">
          {t('error.requestId', { id: error.requestId })}
        </p>
      )}
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  );
}

const STATUS_ICON: Record<ItemStatus | 'in_review', string> = {
  empty: '○',
  submitted: '◔',
  in_review: '◑',
  revision_requested: '↺',
  rejected: '✕',
  approved: '✓',
  not_counted: '⊘',
};

/** Status with its word and a symbol: colour is never the only signal. */
export function StatusBadge({ status }: { status: ItemStatus | 'in_review' }) {
  const { t } = useI18n();
  return (
    <span className={`badge status-${status}`}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span> {t(`status.${status}` as DictKey)}
    </span>
  );
}

export function BandBadge({ band }: { band: ColourBand }) {
  const { t } = useI18n();
  return <span className={`badge band band-${band}`}>{t(`band.${band}` as DictKey)}</span>;
}

export function Score({ value, band, large }: { value: number | string | null | undefined; band: ColourBand; large?: boolean }) {
  const { locale } = useI18n();
  return (
    <span className={`score score-${band}${large ? ' score-large' : ''}`}>
      <span className="score-value">{formatScore(value, locale)}</span> <BandBadge band={band} />
    </span>
  );
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="progress">
      <progress value={value} max={max || 1} aria-label={label} />
      <span className="progress-text" aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}

export function Section({ title, children, actions, id }: { title: string; children: ReactNode; actions?: ReactNode; id?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="card" aria-labelledby={headingId} id={id}>
      <div className="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
