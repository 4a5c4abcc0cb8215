import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, fetchSession, onSessionEnded, setCsrfToken } from '../api/client';
import { closeLive } from '../api/live';
import type { Role, SessionView } from '../api/types';
import { navigate } from './router';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice: 'expired' | null }
  /** The portal could not say whether there is a session (network, 5xx, 429): not the same as signed out. */
  | { status: 'unavailable'; error: unknown }
  | { status: 'signed-in'; session: SessionView };

interface SessionApi {
  state: SessionState;
  /** Development sign-in is on: the warning banner shows on every page. */
  devSignIn: boolean;
  setDevSignIn: (on: boolean) => void;
  signIn: (input: { role: Role; pemdaCode?: string; wilayah?: string; name?: string }) => Promise<void>;
  /** Asks the portal for the session again, after it could not answer. */
  retrySession: () => void;
  /** Rejects when the portal may not have ended the session: the page then stays signed in. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Where each role starts. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'pemda-operator':
    case 'pemda-admin':
      return '/pemda';
    case 'verifier':
      return '/verifikasi';
    case 'qa':
      return '/qa';
    default:
      return '/analitik';
  }
}

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [devSignIn, setDevSignIn] = useState(false);

  const [attempt, setAttempt] = useState(0);
  const retrySession = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((count) => count + 1);
  }, []);

  useEffect(() => {
    let cancelled = false;
    fetchSession()
      .then((result) => {
        if (cancelled) return;
        if ('signedOut' in result) {
          setState({ status: 'signed-out', notice: result.signedOut === 'SESSION_EXPIRED' ? 'expired' : null });
        } else {
          setDevSignIn(result.devSignIn);
          setState({ status: 'signed-in', session: result });
        }
      })
      // Only a 401 means signed out: a portal that is restarting or overloaded would otherwise send a
      // signed-in person to the sign-in page, and (through the identity provider) round the houses.
      .catch((error: unknown) => !cancelled && setState({ status: 'unavailable', error }));
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    onSessionEnded((code) => {
      setCsrfToken(null);
      closeLive();
      setState({ status: 'signed-out', notice: code === 'SESSION_EXPIRED' ? 'expired' : null });
      const here = currentPath();
      if (!here.startsWith('/masuk')) navigate(`/masuk?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, []);

  const signIn = useCallback<SessionApi['signIn']>(async (input) => {
    const session = await api<SessionView>('/auth/dev/sign-in', { method: 'POST', body: input });
    setCsrfToken(session.csrfToken);
    setDevSignIn(session.devSignIn);
    setState({ status: 'signed-in', session });
  }, []);

  const signOut = useCallback(async () => {
    let logoutUrl: string | null = null;
    try {
      logoutUrl = (await api<{ logoutUrl: string | null } | undefined>('/auth/sign-out', { method: 'POST' }))?.logoutUrl ?? null;
    } catch (cause) {
      // 401: the session had ended already. Any other failure (network, 5xx, 429, a refused CSRF
      // token) left the cookie valid: on a shared PC the next person would act as this user, so the
      // page stays signed in and the caller says the sign-out failed.
      if (!(cause instanceof ApiError && cause.status === 401)) throw cause;
    }
    setCsrfToken(null);
    closeLive();
    setState({ status: 'signed-out', notice: null });
    // Signed in through the identity provider: end that session too, or the next sign-in would
    // pass without a password. It sends the browser back to the portal.
    if (logoutUrl) window.location.assign(logoutUrl);
    else navigate('/masuk', { replace: true });
  }, []);

  const value = useMemo(() => ({ state, devSignIn, setDevSignIn, signIn, signOut, retrySession }), [state, devSignIn, signIn, signOut, retrySession]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionApi(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionApi outside SessionProvider');
  return value;
}

/** For screens shown only when signed in. */
export function useSession(): SessionView {
  const { state } = useSessionApi();
  if (state.status !== 'signed-in') throw new Error('useSession while signed out');
  return state.session;
}
