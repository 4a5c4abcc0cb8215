import { useState } from 'react';
import type { Role } from '../api/types';
import { useI18n, type DictKey } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { mayOpen, ROUTES } from './routes';
import { NotificationBell } from './NotificationBell';
import { Link, useLocation } from './router';
import { useSession, useSessionApi } from './session';

const NAV: { href: string; label: DictKey }[] = [
  { href: '/pemda', label: 'nav.pemda' },
  { href: '/opd', label: 'nav.opd' },
  { href: '/verifikasi', label: 'nav.verifier' },
  { href: '/qa', label: 'nav.qa' },
  { href: '/kelola', label: 'nav.manager' },
  { href: '/analitik', label: 'nav.analyst' },
];

export function roleLabel(role: Role): DictKey {
  return `role.${role}` as DictKey;
}

export function Header() {
  const { t } = useI18n();
  const session = useSession();
  const { signOut } = useSessionApi();
  const { path } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutFailed, setSignOutFailed] = useState(false);
  const user = session.user;
  const pemdaName = user.pemdaName;
  const scope = user.pemdaCode
    ? `${t('header.pemda')}: ${pemdaName ? `${pemdaName} (${user.pemdaCode})` : user.pemdaCode}`
    : user.wilayah
      ? `${t('header.wilayah')} ${user.wilayah}`
      : null;
  const links = NAV.filter((item) => {
    const route = ROUTES.find((candidate) => candidate.prefix === item.href);
    return route && mayOpen(route, user.roles);
  });

  return (
    <header className="app-header">
      <div className="header-top">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            MCP
          </span>
          <span className="brand-text">{t('app.name')}</span>
        </Link>
        <div className="header-user" data-testid="header-user">
          <span className="user-name">{user.name}</span>
          <span className="user-role">{t(roleLabel(user.role))}</span>
          {scope && <span className="user-scope">{scope}</span>}
        </div>
        <div className="header-tools">
          <NotificationBell />
          <LanguageSwitch className="lang-switch" />
          <button
            type="button"
            className="button-secondary"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              setSignOutFailed(false);
              signOut()
                .catch(() => setSignOutFailed(true))
                .finally(() => setSigningOut(false));
            }}
          >
            {t('action.signOut')}
          </button>
        </div>
      </div>
      {signOutFailed && (
        <p className="notice notice-error" role="alert" data-testid="sign-out-failed">
          {t('error.signOutFailed')}
        </p>
      )}
      {links.length > 0 && (
        <nav aria-label={t('nav.label')} className="main-nav">
          <ul>
            {links.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path.startsWith(item.href) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
            <li>
              <Link href="/notifikasi" aria-current={path.startsWith('/notifikasi') ? 'page' : undefined}>
                {t('nav.inbox')}
              </Link>
            </li>
          </ul>
        </nav>
      )}
    </header>
  );
}
