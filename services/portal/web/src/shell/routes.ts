import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../api/types';

// Each role's screens are their own chunk: an operator on a phone never downloads the verifier's.
const PemdaPage = lazy(() => import('../operator/PemdaPage'));
const VerifierPage = lazy(() => import('../verifier/VerifierPage'));
const QaPage = lazy(() => import('../qa/QaPage'));
const ManagerPage = lazy(() => import('../manager/ManagerPage'));
const AnalystPage = lazy(() => import('../analyst/AnalystPage'));
const InboxPage = lazy(() => import('./InboxPage'));
const OpdPage = lazy(() => import('../pemda-admin/OpdPage'));

interface RouteDef {
  prefix: string;
  roles: Role[] | 'all';
  page: LazyExoticComponent<ComponentType>;
}

export const ROUTES: RouteDef[] = [
  { prefix: '/pemda', roles: ['pemda-operator', 'pemda-admin', 'admin'], page: PemdaPage },
  { prefix: '/opd', roles: ['pemda-admin'], page: OpdPage },
  { prefix: '/verifikasi', roles: ['verifier'], page: VerifierPage },
  { prefix: '/qa', roles: ['qa', 'admin'], page: QaPage },
  { prefix: '/kelola', roles: ['admin'], page: ManagerPage },
  { prefix: '/analitik', roles: ['analyst', 'admin', 'verifier', 'qa'], page: AnalystPage },
  { prefix: '/notifikasi', roles: 'all', page: InboxPage },
];

export function mayOpen(route: RouteDef, roles: Role[]): boolean {
  return route.roles === 'all' || roles.some((role) => (route.roles as Role[]).includes(role));
}

