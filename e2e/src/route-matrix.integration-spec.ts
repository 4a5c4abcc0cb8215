import { testToken } from '@mcp/testing';
import { readFileSync } from 'node:fs';
import { PlatformUnderTest } from './platform-under-test';
import { CALLERS, dependsOnTarget, expectedOutcome, OWN_PEMDA, OWN_WILAYAH, ruleProblem, sampleRequest, type Caller, type Outcome } from './route-matrix/route-expectations';
import { routeMatrixDocument } from './route-matrix/route-matrix-document';
import { routeInventory, routeKey, type RouteEntry } from './route-matrix/route-inventory';
import { ROUTE_RULES } from './route-matrix/route-rules';
import { ROUTE_MATRIX_FILE } from './route-matrix/write-route-matrix';

/*
 * Done-when 1 of issue 12: the route × role × scope matrix (docs/route-matrix.md) is generated
 * from the controllers, every route has an explicit rule, and every route called as every caller
 * on the running platform answers as the matrix says (allowed, 401 or 403).
 */
const routes = routeInventory();

describe('the route × role × scope matrix', () => {
  it('has an explicit rule, consistent with its decorators, for every route, and none for a route that is gone', () => {
    const problems = routes.map((route) => ruleProblem(route, ROUTE_RULES[routeKey(route)])).filter(Boolean);
    const known = new Set(routes.map(routeKey));
    const stale = Object.keys(ROUTE_RULES).filter((key) => !known.has(key)).map((key) => `${key}: rule for a route that does not exist`);
    expect([...problems, ...stale]).toEqual([]);
  });

  it('is current in docs/route-matrix.md (else run node -r @swc-node/register e2e/src/route-matrix/write-route-matrix.ts)', () => {
    expect(readFileSync(ROUTE_MATRIX_FILE, 'utf8')).toBe(routeMatrixDocument(routes));
  });
});

describe('every route called as every caller on the running platform', () => {
  const platform = new PlatformUnderTest();
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    await platform.prepare();
    await platform.startAll();
    for (const caller of CALLERS) {
      if (!caller.role) continue;
      tokens.set(
        caller.label,
        await testToken({
          role: caller.role,
          subject: `matrix-${caller.role}`,
          ...(caller.role.startsWith('pemda-') ? { pemdaCode: OWN_PEMDA } : {}),
          ...(caller.role === 'verifier' || caller.role === 'qa' ? { wilayah: OWN_WILAYAH } : {}),
        }),
      );
    }
  }, 300_000);

  afterAll(async () => {
    await platform.stopAll();
  });

  async function outcomeOf(route: RouteEntry, caller: Caller): Promise<{ outcome: Outcome; status: number; path: string }> {
    const rule = ROUTE_RULES[routeKey(route)];
    if (!rule) throw new Error(`${routeKey(route)} has no rule`);
    const { path, body } = sampleRequest(route, rule, caller);
    const token = tokens.get(caller.label);
    const response = await fetch(`${await platform.url(route.service)}${path}`, {
      method: route.method === 'ALL' ? 'GET' : route.method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    // Streams (SSE) never end: the status is all this test needs.
    await response.body?.cancel();
    const outcome: Outcome = response.status === 401 ? '401' : response.status === 403 ? '403' : 'allowed';
    return { outcome, status: response.status, path };
  }

  it('answers allowed, 401 or 403 exactly as the matrix says', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const rule = ROUTE_RULES[routeKey(route)];
      if (!rule) continue; // reported by the first test
      for (const caller of CALLERS) {
        // Without a Pemda or wilayah in the route, "other" is the same request as "own".
        if (caller.target === 'other' && !dependsOnTarget(rule)) continue;
        const expected = expectedOutcome(route, rule, caller);
        const { outcome, status, path } = await outcomeOf(route, caller);
        calls++;
        if (outcome !== expected) mismatches.push(`${route.method} ${route.service}${path} as ${caller.label}: expected ${expected}, got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBeGreaterThan(routes.length * 7);
  }, 600_000);
});
