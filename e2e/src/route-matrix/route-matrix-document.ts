import { CALLERS, expectedOutcome } from './route-expectations';
import { routeKey, type RouteEntry } from './route-inventory';
import { ROUTE_RULES } from './route-rules';

const HEADER = `# Route × role × scope matrix

GENERATED from the controllers by \`e2e/src/route-matrix/write-route-matrix.ts\`: do not edit by hand.
Roles and \`@Public()\` come from the decorators (Nest's metadata), the scope from the route's line in
\`e2e/src/route-matrix/route-rules.ts\`. \`e2e/src/route-matrix.integration-spec.ts\` checks that this
file is current, that every route has a rule, and calls every route as every caller against the
running services, comparing the answer (allowed, 401 or 403) with this table.

**A new route:** add one line for it to \`route-rules.ts\` (its header lists the scopes), then run
\`node -r @swc-node/register e2e/src/route-matrix/write-route-matrix.ts\` and commit this file.

Callers carry Pemda ${'`'}32.73${'`'} or wilayah ${'`'}III${'`'} in their token; "own" asks about that Pemda/wilayah,
"other" about ${'`'}35.78${'`'} / ${'`'}I${'`'} (a \`read-region\` route: province ${'`'}32${'`'}, the caller's, or ${'`'}35${'`'}). ✓ = allowed past authentication and authorisation (the answer may still
be 400/404/409); ✓* = passes the role check, and the stored row's Pemda or wilayah then decides
(scope \`resource\`/\`body\`, proven by the spec in the last column). \`session\` routes are the portal's,
behind the browser session cookie, so every bearer-token call gets 401.
`;

const cell = (route: RouteEntry, caller: (typeof CALLERS)[number]): string => {
  const rule = ROUTE_RULES[routeKey(route)];
  if (!rule) return '?';
  const outcome = expectedOutcome(route, rule, caller);
  if (outcome !== 'allowed') return outcome;
  return rule.scope === 'resource' || rule.scope === 'body' ? '✓*' : '✓';
};

/** The whole of docs/route-matrix.md for these routes. */
export function routeMatrixDocument(routes: RouteEntry[]): string {
  const head = ['service', 'method', 'route', 'roles', 'scope', ...CALLERS.map((caller) => caller.label), 'scope proven by'];
  const rows = routes.map((route) => {
    const rule = ROUTE_RULES[routeKey(route)];
    const roles = route.isPublic ? 'public' : route.roles.length > 0 ? route.roles.join(', ') : 'any signed-in';
    return [route.service, route.method, `\`${route.path}\``, roles, rule?.scope ?? 'NO RULE', ...CALLERS.map((caller) => cell(route, caller)), rule?.provenBy ?? ''];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [HEADER, line(head), line(head.map(() => '---')), ...rows.map(line), ''].join('\n');
}
