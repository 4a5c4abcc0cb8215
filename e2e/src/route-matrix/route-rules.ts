/**
 * The scope rule of every HTTP route, one line each: the half of the route × role × scope matrix
 * that Nest's metadata cannot tell (roles and @Public come from the decorators).
 *
 * A NEW ROUTE needs one line here, keyed `service METHOD /path` as the route template reads
 * (`npx jest -c jest.integration.config.js e2e/src/route-matrix.integration-spec.ts` names every
 * route without one), then `node -r @swc-node/register e2e/src/route-matrix/write-route-matrix.ts`
 * to regenerate docs/route-matrix.md. Pick the scope that the handler enforces:
 *
 * - `none`        roles decide alone (@Roles, or any signed-in role without it)
 * - `public`      @Public(): nobody needs a token
 * - `self`        any allowed role, and it only ever sees or changes the caller's own rows
 * - `read-pemda`  assertMayReadPemda on the Pemda in the path or query ({pemdaCode}): KPK roles
 *                 read every Pemda, a Pemda's users only their own
 * - `act-pemda`   assertCanActForPemda on {pemdaCode}: admins, and the Pemda's own users
 * - `act-wilayah` assertCanActForWilayah on {wilayah}: admins, and verifiers/QA of that wilayah
 * - `read-region` assertMayReadRegion on the region in the path ({regionCode}: the caller's own
 *                 province or another): KPK roles read every region, a Pemda's users only those
 *                 their Pemda belongs to (#142)
 * - `resource`    the Pemda or wilayah of a stored row decides (an evidence or task id): here only
 *                 the role layer is called; `provenBy` names the spec that proves the scope
 * - `body`        the Pemda is in the request body (the upload form): likewise
 * - `session`     a portal route behind the browser session (cookie + CSRF), not a bearer token
 *
 * `query` and `body` make the request valid enough to reach the scope check (a 400 from a
 * missing parameter would hide a 403); `{pemdaCode}` and `{wilayah}` in the path or query are
 * filled with the caller's own or another one.
 */
export type RouteScope = 'none' | 'public' | 'self' | 'read-pemda' | 'act-pemda' | 'act-wilayah' | 'read-region' | 'resource' | 'body' | 'session';

export interface RouteRule {
  scope: RouteScope;
  query?: string;
  body?: unknown;
  /** For `resource`/`body`: the test that proves the scope the matrix cannot call. */
  provenBy?: string;
  /** Path parameters other than the Pemda and wilayah, when the default sample will not do. */
  params?: Record<string, string>;
}

const EVIDENCE_SCOPE =
  "e2e/src/submissions-lifecycle.integration-spec.ts › download › answers %s with %s, › withdrawal; e2e/src/platform-flow.integration-spec.ts › bad input … › another Pemda's code";
const TASK_SCOPE =
  'e2e/src/platform-flow.integration-spec.ts › refuses decisions from the wrong wilayah, from a non-holder …; e2e/src/verification-flows.integration-spec.ts › moves a verifier to another wilayah …';
const QA_SCOPE = 'e2e/src/verification-flows.integration-spec.ts › samples a decision; a QA reviewer other than its verifier overturns it …';
const CLARIFICATION_SCOPE = 'e2e/src/verification-clarifications.integration-spec.ts › keeps the thread to its task';
const RESUMABLE_SCOPE = 'e2e/src/submissions-resumable-upload.integration-spec.ts › checks the caller at creation and keeps each upload to its creator';
const Y = 'year=2024';

export const ROUTE_RULES: Record<string, RouteRule> = {
  'notification GET /health': { scope: 'public' },
  'notification GET /health/ready': { scope: 'public' },
  'notification GET /metrics': { scope: 'public' },
  'notification GET /v1/inbox': { scope: 'self' },
  'notification GET /v1/inbox/stream': { scope: 'self' },
  'notification GET /v1/inbox/unread-count': { scope: 'self' },
  'notification GET /v1/my/preferences': { scope: 'self' },
  'notification GET /v1/notifications': { scope: 'self' },
  'notification GET /v1/recipients': { scope: 'none' },
  'notification GET /v1/templates': { scope: 'none' },
  'notification GET /v1/unsubscribe': { scope: 'public' },
  'notification GET /v1/templates/:kind/preview': { scope: 'none' },
  'notification GET /v1/templates/:kind/preview.html': { scope: 'none' },
  'notification GET /v1/webhooks': { scope: 'none' },
  'notification GET /v1/webhooks/:id/deliveries': { scope: 'none' },
  'notification POST /v1/inbox/:id/read': { scope: 'self' },
  'notification POST /v1/inbox/read-all': { scope: 'self' },
  'notification POST /v1/unsubscribe': { scope: 'public' },
  'notification POST /v1/webhooks': { scope: 'none' },
  'notification POST /v1/webhooks/:id/enable': { scope: 'none' },
  'notification POST /v1/webhooks/:id/secrets': { scope: 'none' },
  'notification POST /v1/webhooks/deliveries/:deliveryId/resend': { scope: 'none' },
  'notification PUT /v1/my/preferences': { scope: 'self' },
  'notification PUT /v1/recipients/:userId': { scope: 'none' },
  'portal ALL /api/:service/*path': { scope: 'session', params: { service: 'reporting', path: 'v1/reports/national' } },
  'portal GET /api/live': { scope: 'session' },
  'portal GET /api/pemda': { scope: 'session' },
  'portal GET /api/people': { scope: 'session', query: 'subject=dev-verifier-III' },
  'portal GET /auth/dev/options': { scope: 'public' },
  'portal GET /auth/methods': { scope: 'public' },
  'portal GET /auth/oidc/callback': { scope: 'public' },
  'portal GET /auth/oidc/start': { scope: 'public' },
  'portal GET /auth/session': { scope: 'session' },
  'portal GET /health': { scope: 'public' },
  'portal GET /health/ready': { scope: 'public' },
  'portal GET /metrics': { scope: 'public' },
  'portal POST /auth/dev/sign-in': { scope: 'public' },
  'portal POST /auth/sign-out': { scope: 'session' },
  'reporting GET /health': { scope: 'public' },
  'reporting GET /health/ready': { scope: 'public' },
  'reporting GET /metrics': { scope: 'public' },
  'reporting GET /v1/open-data/final-scores': { scope: 'public', query: Y },
  'reporting GET /v1/open-data/progress': { scope: 'public', query: Y },
  // The Pemda branch here; the region branch (?region=) follows read-region, proven by
  // e2e/src/reporting-read-models.integration-spec.ts › keeps a region's figures to KPK and its own Pemda.
  'reporting GET /v1/reports/completeness': { scope: 'read-pemda', query: `${Y}&pemda={pemdaCode}` },
  'reporting GET /v1/reports/detail/export': { scope: 'none', query: Y },
  'reporting GET /v1/reports/national': { scope: 'none', query: Y },
  'reporting GET /v1/reports/pemda/:pemdaCode': { scope: 'read-pemda', query: Y },
  'reporting GET /v1/reports/pemda/:pemdaCode/claim-gap': { scope: 'read-pemda', query: Y },
  'reporting GET /v1/reports/pemda/:pemdaCode/report-card.pdf': { scope: 'read-pemda', query: Y },
  'reporting GET /v1/reports/provinces': { scope: 'none', query: Y },
  'reporting GET /v1/reports/rankings': { scope: 'none', query: Y },
  'reporting GET /v1/reports/rankings/export': { scope: 'none', query: Y },
  'reporting GET /v1/reports/regions/:regionCode': { scope: 'read-region', query: Y },
  'reporting GET /v1/reports/series': { scope: 'read-pemda', query: `${Y}&pemda={pemdaCode}` },
  'reporting GET /v1/reports/turnaround': { scope: 'none', query: Y },
  'reporting GET /v1/schemas': { scope: 'public' },
  'reporting GET /v1/schemas/:name': { scope: 'public' },
  'scoring GET /health': { scope: 'public' },
  'scoring GET /health/ready': { scope: 'public' },
  'scoring GET /metrics': { scope: 'public' },
  'scoring GET /v1/frameworks/:year/revisions': { scope: 'none' },
  'scoring GET /v1/frameworks/:year/revisions/:revision': { scope: 'none' },
  'scoring GET /v1/scores/pemda/:pemdaCode': { scope: 'read-pemda', query: Y },
  'scoring GET /v1/scores/pemda/:pemdaCode/explain': { scope: 'read-pemda', query: Y },
  'scoring GET /v1/scores/pemda/:pemdaCode/path-to-target': { scope: 'read-pemda', query: Y },
  'scoring GET /v1/scores/regions/:regionCode': { scope: 'read-region', query: Y },
  'scoring GET /v1/years/:year': { scope: 'none' },
  'scoring POST /v1/frameworks/:year/revisions/:revision/publish': { scope: 'none', params: { revision: '999' } },
  'scoring POST /v1/frameworks/import': { scope: 'none' },
  'scoring POST /v1/years/:year/close': { scope: 'none', params: { year: '2099' } },
  'scoring PUT /v1/scores/pemda/:pemdaCode/target': { scope: 'none', query: Y },
  'submissions DELETE /v1/evidence/uploads/:id': { scope: 'self' },
  'submissions GET /health': { scope: 'public' },
  'submissions GET /health/ready': { scope: 'public' },
  'submissions GET /metrics': { scope: 'public' },
  'submissions GET /v1/evidence/:id': { scope: 'resource', provenBy: EVIDENCE_SCOPE },
  'submissions GET /v1/evidence/:id/download': { scope: 'resource', provenBy: EVIDENCE_SCOPE },
  'submissions GET /v1/evidence/:id/prechecks': {
    scope: 'resource',
    provenBy: 'e2e/src/submissions-prechecks.integration-spec.ts › checks an uploaded PDF off the request path and shows the findings to the uploader and the verifier',
  },
  'submissions GET /v1/pemda/:pemdaCode/deadline-extensions': { scope: 'act-pemda' },
  'submissions GET /v1/pemda/:pemdaCode/operator-assignments': { scope: 'act-pemda' },
  'submissions GET /v1/pemda/:pemdaCode/operator-assignments/history': { scope: 'act-pemda' },
  'submissions PUT /v1/pemda/:pemdaCode/operator-assignments/:operatorSubject': {
    scope: 'act-pemda',
    // The matrix's own operator, on the area of the claim route's sample (PRC.1.1): once a Pemda has an
    // assignment its unassigned operators are refused (#68), whichever order the routes are called in.
    params: { operatorSubject: 'matrix-pemda-operator' },
    body: { opdName: 'Inspektorat', areaCodes: ['PRC'], indicatorCodes: [], picAreaCodes: [] },
  },
  'submissions DELETE /v1/pemda/:pemdaCode/operator-assignments/:operatorSubject': { scope: 'act-pemda', params: { operatorSubject: 'operator-tidak-ada' } },
  'submissions POST /v1/pemda/:pemdaCode/operator-handovers': { scope: 'act-pemda', body: { fromSubject: 'operator-tidak-ada', toSubject: 'operator-lain' } },
  'submissions GET /v1/pemda/:pemdaCode/progress': { scope: 'read-pemda', query: Y },
  'submissions GET /v1/pemda/:pemdaCode/submissions/:year/:subIndicatorCode': { scope: 'read-pemda' },
  'submissions GET /v1/clarification-attachments/:id/download': { scope: 'resource', provenBy: CLARIFICATION_SCOPE },
  'submissions POST /v1/clarification-attachments': { scope: 'body', provenBy: CLARIFICATION_SCOPE },
  'submissions HEAD /v1/evidence/uploads/:id': { scope: 'self' },
  'submissions PATCH /v1/evidence/uploads/:id': { scope: 'self' },
  'submissions POST /v1/evidence': { scope: 'body', provenBy: EVIDENCE_SCOPE },
  'submissions POST /v1/evidence/uploads': { scope: 'body', provenBy: RESUMABLE_SCOPE },
  'submissions POST /v1/evidence/:id/withdrawal': { scope: 'resource', provenBy: EVIDENCE_SCOPE },
  'submissions POST /v1/pemda/:pemdaCode/deadline-extensions': { scope: 'act-pemda' },
  'submissions PUT /v1/pemda/:pemdaCode/submissions/:year/:subIndicatorCode/claim': { scope: 'act-pemda', body: { claimedValue: 50 } },
  'verification DELETE /v1/verifiers/:subject/wilayah': { scope: 'none' },
  'verification GET /health': { scope: 'public' },
  'verification GET /health/ready': { scope: 'public' },
  'verification GET /metrics': { scope: 'public' },
  'verification GET /v1/my/decisions': { scope: 'self' },
  'verification GET /v1/my/tasks': { scope: 'self' },
  'verification GET /v1/pemda/:pemdaCode/clarifications': { scope: 'act-pemda' },
  'verification GET /v1/qa/reviews': { scope: 'resource', provenBy: QA_SCOPE },
  'verification GET /v1/rejection-reasons': { scope: 'none' },
  'verification GET /v1/stats/wilayah': { scope: 'none' },
  'verification GET /v1/stats/wilayah/:wilayah/verifiers': { scope: 'act-wilayah' },
  'verification GET /v1/tasks/:id': { scope: 'resource', provenBy: TASK_SCOPE },
  'verification GET /v1/tasks/:id/history': { scope: 'resource', provenBy: TASK_SCOPE },
  'verification GET /v1/tasks/:id/clarifications': { scope: 'resource', provenBy: CLARIFICATION_SCOPE },
  'verification GET /v1/verifiers/wilayah': { scope: 'none' },
  'verification POST /v1/decisions/:id/correction': { scope: 'resource', provenBy: TASK_SCOPE },
  'verification POST /v1/qa/reviews/:id/confirm': { scope: 'resource', provenBy: QA_SCOPE },
  'verification POST /v1/qa/reviews/:id/overturn': { scope: 'resource', provenBy: QA_SCOPE },
  'verification POST /v1/tasks/:id/clarifications': { scope: 'resource', provenBy: CLARIFICATION_SCOPE },
  'verification POST /v1/tasks/:id/decision': { scope: 'resource', provenBy: TASK_SCOPE },
  'verification POST /v1/tasks/:id/extend': { scope: 'resource', provenBy: TASK_SCOPE },
  'verification POST /v1/tasks/:id/reassign': { scope: 'none' },
  'verification POST /v1/tasks/:id/release': { scope: 'resource', provenBy: TASK_SCOPE },
  'verification POST /v1/tasks/claim': { scope: 'self' },
  'verification PUT /v1/verifiers/:subject/wilayah': { scope: 'none' },
};
