import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import { WILAYAH, type DevOptions, type Role } from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { roleLabel } from './Header';
import { LanguageSwitch } from './LanguageSwitch';
import { PemdaPicker } from './PemdaPicker';
import { ownPathOrNull } from './router';
import { useSessionApi } from './session';
import { ErrorNotice, Loading } from './ui';

const PEMDA_ROLES: Role[] = ['pemda-operator', 'pemda-admin'];
const WILAYAH_ROLES: Role[] = ['verifier', 'qa'];
const ALL_ROLES: Role[] = ['pemda-operator', 'pemda-admin', 'verifier', 'qa', 'analyst', 'admin'];

export function SignInPage({ notice }: { notice: 'expired' | null }) {
  const { t } = useI18n();
  const { signIn, setDevSignIn } = useSessionApi();
  const [options, setOptions] = useState<DevOptions | null | 'loading'>('loading');
  const [role, setRole] = useState<Role>('pemda-operator');
  const [pemdaCode, setPemdaCode] = useState('');
  const [wilayah, setWilayah] = useState<string>('I');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [identityProvider, setIdentityProvider] = useState(false);
  // Where the identity provider sent the browser back after a refused or expired sign-in.
  const signInError = new URLSearchParams(window.location.search).get('signInError');

  useEffect(() => {
    api<{ identityProvider: boolean }>('/auth/methods')
      .then((answer) => setIdentityProvider(answer.identityProvider))
      .catch(() => setIdentityProvider(false));
  }, []);

  useEffect(() => {
    api<DevOptions>('/auth/dev/options')
      .then((answer) => {
        setOptions(answer);
        setDevSignIn(true);
        if (answer.wilayah?.length) setWilayah(answer.wilayah[0]);
      })
      .catch((cause: unknown) => {
        setOptions(null);
        if (!(cause instanceof ApiError && cause.status === 404)) setError(cause);
      });
  }, [setDevSignIn]);

  const needsPemda = PEMDA_ROLES.includes(role);
  const needsWilayah = WILAYAH_ROLES.includes(role);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (needsPemda && !pemdaCode) {
      setError(new ApiError(400, 'PEMDA_REQUIRED', t('signIn.pemdaRequired')));
      return;
    }
    setBusy(true);
    try {
      await signIn({
        role,
        ...(needsPemda ? { pemdaCode } : {}),
        ...(needsWilayah ? { wilayah } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      });
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };

  const roles = options && options !== 'loading' && options.roles?.length ? options.roles : ALL_ROLES;
  const wilayahList = options && options !== 'loading' && options.wilayah?.length ? options.wilayah : [...WILAYAH];

  return (
    <main id="main" className="signin-page">
      <div className="signin-card card">
        <div className="signin-lang">
          <LanguageSwitch />
        </div>
        <p className="brand-mark large" aria-hidden="true">
          MCP
        </p>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('app.name')}</p>
        {notice === 'expired' && (
          <div className="notice notice-warning" role="alert" data-testid="session-expired">
            {t('signIn.expired')}
          </div>
        )}
        {signInError && (
          <div className="notice notice-warning" role="alert" data-testid="sign-in-error">
            {t(SIGN_IN_ERROR_TEXT[signInError] ?? 'signIn.idpFailed')}
          </div>
        )}
        {identityProvider && (
          <p>
            <a className="button-primary" href={`/auth/oidc/start?returnTo=${encodeURIComponent(returnPath())}`} data-testid="sign-in-idp">
              {t('signIn.idp')}
            </a>
          </p>
        )}
        {options === 'loading' && <Loading />}
        {options === null && !identityProvider && <p className="notice">{t('signIn.noDev')}</p>}
        {options && options !== 'loading' && (
          <form onSubmit={(event) => void submit(event)} className="form">
            <div className="field">
              <label htmlFor="signin-role">{t('signIn.role')}</label>
              <select id="signin-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
                {roles.map((option) => (
                  <option key={option} value={option}>
                    {t(roleLabel(option))}
                  </option>
                ))}
              </select>
            </div>
            {needsPemda && (
              <fieldset className="field">
                <legend>{t('signIn.pemda')}</legend>
                <PemdaPicker id="signin-pemda" entries={options.pemda} value={pemdaCode} onChange={setPemdaCode} />
              </fieldset>
            )}
            {needsWilayah && (
              <div className="field">
                <label htmlFor="signin-wilayah">{t('signIn.wilayah')}</label>
                <select id="signin-wilayah" value={wilayah} onChange={(event) => setWilayah(event.target.value)}>
                  {wilayahList.map((option) => (
                    <option key={option} value={option}>
                      {t('header.wilayah')} {option}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="signin-name">{t('signIn.name')}</label>
              <input id="signin-name" value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" maxLength={80} />
            </div>
            <ErrorNotice error={error} />
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('common.wait') : t('action.signIn')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}

/** Why the portal sent the browser back here (`/masuk?signInError=…`). */
const SIGN_IN_ERROR_TEXT: Record<string, DictKey> = {
  SIGN_IN_EXPIRED: 'signIn.idpExpired',
  IDENTITY_PROVIDER_UNAVAILABLE: 'signIn.idpUnavailable',
  SESSION_UNAVAILABLE: 'signIn.sessionUnavailable',
};

/**
 * Where the sign-in came from (`/masuk?next=…`, set when a signed-out browser opened a deep link such as
 * an e-mail's `/verifikasi?tugas=…`), so the identity provider brings the person back there. The
 * portal checks it again (a path of its own, else /).
 */
function returnPath(): string {
  return ownPathOrNull(new URLSearchParams(window.location.search).get('next')) ?? '/';
}
