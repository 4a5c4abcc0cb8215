import { Suspense, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { DevBanner } from './DevBanner';
import { Header } from './Header';
import { PageErrorBoundary } from './PageErrorBoundary';
import { PemdaNamesProvider } from './pemda-names';
import { PeopleNamesProvider } from './people-names';
import { Link, navigate, ownPathOrNull, useLocation } from './router';
import { mayOpen, ROUTES } from './routes';
import { homeOf, useSessionApi } from './session';
import { SignInPage } from './SignInPage';
import { ErrorNotice, Loading } from './ui';
import { YearProvider } from './year';

export function App() {
  const { state, devSignIn, retrySession } = useSessionApi();
  const { path } = useLocation();
  const { t } = useI18n();

  useEffect(() => {
    if (state.status === 'signed-out' && !path.startsWith('/masuk')) {
      const here = window.location.pathname + window.location.search;
      navigate(here === '/' ? '/masuk' : `/masuk?next=${encodeURIComponent(here)}`, { replace: true });
    }
    if (state.status === 'signed-in' && (path === '/' || path.startsWith('/masuk'))) {
      const next = ownPathOrNull(new URLSearchParams(window.location.search).get('next'));
      navigate(next ?? homeOf(state.session.user.role), { replace: true });
    }
  }, [state, path]);

  // A screen reader and the keyboard start on the new page, not on the link that led there.
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(path);
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    mainRef.current?.focus();
  }, [path]);

  if (state.status === 'loading') {
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  }

  if (state.status === 'unavailable') {
    return (
      <main id="main" className="page">
        <div className="card">
          <h1>{t('app.sessionUnavailableTitle')}</h1>
          <ErrorNotice error={state.error} onRetry={retrySession} />
        </div>
      </main>
    );
  }

  if (state.status === 'signed-out') {
    return (
      <>
        <a className="skip-link" href="#main">
          {t('app.skip')}
        </a>
        {devSignIn && <DevBanner />}
        <SignInPage notice={state.notice} />
      </>
    );
  }

  const user = state.session.user;
  const route = ROUTES.find((candidate) => path === candidate.prefix || path.startsWith(`${candidate.prefix}/`));
  const Page = route && mayOpen(route, user.roles) ? route.page : null;

  return (
    <YearProvider>
      <PemdaNamesProvider>
        <PeopleNamesProvider>
          <a className="skip-link" href="#main">
            {t('app.skip')}
          </a>
          {devSignIn && <DevBanner />}
          <Header />
          <main id="main" className="page" tabIndex={-1} ref={mainRef}>
            {Page ? (
              // Keyed by the path: leaving a page that failed gives the next one a fresh start.
              <PageErrorBoundary key={path}>
                <Suspense fallback={<Loading />}>
                  <Page />
                </Suspense>
              </PageErrorBoundary>
            ) : (
              <div className="card">
                <h1>{route ? t('app.forbiddenTitle') : t('app.notFoundTitle')}</h1>
                <p>{route ? t('app.forbidden') : t('app.notFound')}</p>
                <p>
                  <Link href={homeOf(user.role)}>{t('app.goHome')}</Link>
                </p>
              </div>
            )}
          </main>
        </PeopleNamesProvider>
      </PemdaNamesProvider>
    </YearProvider>
  );
}
