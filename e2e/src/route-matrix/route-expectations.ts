import { PEMDA_SCOPED_ROLES, ROLES, WILAYAH_SCOPED_ROLES, type Role, type Wilayah } from '@mcp/auth';
import { routeKey, type RouteEntry } from './route-inventory';
import type { RouteRule } from './route-rules';

/** The caller's own Pemda and wilayah in every token; "other" requests target the second ones. */
export const OWN_PEMDA = '32.73';
export const OTHER_PEMDA = '35.78';
export const OWN_WILAYAH: Wilayah = 'III';
/** The provinces of OWN_PEMDA and OTHER_PEMDA: the regions `read-region` routes are asked for. */
export const OWN_PROVINCE = '32';
export const OTHER_PROVINCE = '35';
export const OTHER_WILAYAH: Wilayah = 'I';

/** Anonymous, then every role asking about its own Pemda/wilayah and about another one. */
export interface Caller {
  label: string;
  role?: Role;
  target: 'own' | 'other';
}

export const CALLERS: Caller[] = [
  { label: 'anonymous', target: 'own' },
  ...ROLES.flatMap((role): Caller[] => [
    { label: `${role} (own)`, role, target: 'own' },
    { label: `${role} (other)`, role, target: 'other' },
  ]),
];

export type Outcome = 'allowed' | '401' | '403';

const SCOPED_BY_TARGET = new Set(['read-pemda', 'act-pemda', 'act-wilayah', 'read-region']);

/** Whether the caller's own/other variants are different requests for this route. */
export const dependsOnTarget = (rule: RouteRule): boolean => SCOPED_BY_TARGET.has(rule.scope);

/** What the route must answer this caller: the guard's part (token, @Roles), then the scope's. */
export function expectedOutcome(route: RouteEntry, rule: RouteRule, caller: Caller): Outcome {
  if (rule.scope === 'session') return '401'; // no browser session in a bearer-token call
  if (route.isPublic) return 'allowed';
  const role = caller.role;
  if (!role) return '401';
  if (route.roles.length > 0 && !route.roles.includes(role)) return '403';
  const own = caller.target === 'own';
  switch (rule.scope) {
    case 'read-pemda':
    case 'read-region':
      return PEMDA_SCOPED_ROLES.includes(role) && !own ? '403' : 'allowed';
    case 'act-pemda':
      return role === 'admin' || (PEMDA_SCOPED_ROLES.includes(role) && own) ? 'allowed' : '403';
    case 'act-wilayah':
      return role === 'admin' || (WILAYAH_SCOPED_ROLES.includes(role) && own) ? 'allowed' : '403';
    default:
      return 'allowed';
  }
}

/** A rule that contradicts the decorators: `public` for a route that asks for a token, or the reverse. */
export function ruleProblem(route: RouteEntry, rule: RouteRule | undefined): string | undefined {
  if (!rule) return `${routeKey(route)}: no rule in e2e/src/route-matrix/route-rules.ts`;
  if ((rule.scope === 'public' || rule.scope === 'session') !== route.isPublic) {
    return `${routeKey(route)}: scope '${rule.scope}' but the route is ${route.isPublic ? '' : 'not '}@Public()`;
  }
  if ((rule.scope === 'resource' || rule.scope === 'body') && !rule.provenBy) return `${routeKey(route)}: scope '${rule.scope}' needs provenBy`;
  return undefined;
}

const SAMPLE_PARAMS: Record<string, string> = {
  year: '2024',
  id: '00000000-0000-4000-8000-000000000000',
  deliveryId: '00000000-0000-4000-8000-000000000000',
  revision: '1',
  regionCode: '32',
  subIndicatorCode: 'PRC.1.1',
  kind: 'evidence-verified',
  name: 'mcp.score.updated.v1',
  userId: 'matrix-someone',
  subject: 'matrix-someone',
};

/** The concrete request for a route and caller: path and query filled from the rule and samples. */
export function sampleRequest(route: RouteEntry, rule: RouteRule, caller: Caller): { path: string; body?: string } {
  const pemdaCode = caller.target === 'own' ? OWN_PEMDA : OTHER_PEMDA;
  const wilayah = caller.target === 'own' ? OWN_WILAYAH : OTHER_WILAYAH;
  const valueOf = (name: string): string => {
    if (name === 'pemdaCode') return pemdaCode;
    if (name === 'wilayah') return wilayah;
    if (name === 'regionCode' && rule.scope === 'read-region') return caller.target === 'own' ? OWN_PROVINCE : OTHER_PROVINCE;
    const value = rule.params?.[name] ?? SAMPLE_PARAMS[name];
    if (value === undefined) throw new Error(`${routeKey(route)}: no sample for :${name}; add params: { ${name}: '…' } to its rule`);
    return value;
  };
  const path = route.path.replace(/[:*]([A-Za-z]+)/g, (_match, name: string) => valueOf(name));
  const query = rule.query?.replace('{pemdaCode}', pemdaCode).replace('{wilayah}', wilayah);
  const changes = !['GET', 'HEAD', 'DELETE'].includes(route.method) && route.method !== 'ALL';
  return { path: query ? `${path}?${query}` : path, ...(changes ? { body: JSON.stringify(rule.body ?? {}) } : {}) };
}
