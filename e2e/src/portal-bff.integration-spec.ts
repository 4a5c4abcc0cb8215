import { documentedAnswerProblems, queryTestDatabase, waitFor } from '@mcp/testing';
import request from 'supertest';
import { LiveFeed } from '../../services/portal/src/live/live-feed';
import { PlatformUnderTest } from './platform-under-test';

/*
 * The portal's backend-for-frontend against the real platform: a browser's session (cookie, CSRF,
 * expiry), the five services reached with the session's token and their answers unchanged, and
 * live hints over Server-Sent Events filtered by who may read them.
 */
const PEMDA = '32.73'; // Kota Bandung, Jawa Barat, wilayah III
const OTHER_PEMDA = '11.01';

const platform = new PlatformUnderTest();
const portal = () => platform.http('portal') as never;

interface Browser {
  cookie: string;
  csrfToken: string;
}

async function signIn(body: Record<string, string>): Promise<Browser> {
  const response = await request(portal()).post('/auth/dev/sign-in').send(body);
  expect(response.status).toBe(200);
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return { cookie: setCookie[0].split(';')[0], csrfToken: response.body.csrfToken };
}

interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Opens the live stream as a browser does and collects its events until closed. */
async function openLive(browser: Browser): Promise<{ events: LiveEvent[]; close: () => void }> {
  const abort = new AbortController();
  const response = await fetch(`${await platform.url('portal')}/api/live`, { headers: { cookie: browser.cookie }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: LiveEvent[] = [];
  if (!response.body) throw new Error('the live stream has no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data && event !== 'ping') events.push({ event, data: JSON.parse(data) });
      }
    }
  })().catch(() => undefined);
  return { events, close: () => abort.abort() };
}

let operator: Browser;

/** Kota Bandung's operator uploads a small PDF for a sub-indicator of 2024, through the portal. */
function uploadThroughPortal(subIndicatorCode: string, fileName = `SK ${subIndicatorCode}.pdf`, content = `%PDF-1.7 bukti ${subIndicatorCode}`) {
  return request(portal())
    .post('/api/submissions/v1/evidence')
    .set('cookie', operator.cookie)
    .set('x-csrf-token', operator.csrfToken)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', Buffer.from(content), fileName);
}

beforeAll(async () => {
  await platform.prepare();
  await platform.startAll();
  await platform.app('portal').get(LiveFeed).ready;
  // 2024's deadline has passed: an admin extends it for Kota Bandung, through the portal.
  const admin = await signIn({ role: 'admin' });
  const extension = await request(portal())
    .post(`/api/submissions/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('cookie', admin.cookie)
    .set('x-csrf-token', admin.csrfToken)
    .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji portal' });
  expect(extension.status).toBe(201);
  operator = await signIn({ role: 'pemda-operator', pemdaCode: PEMDA });
}, 180_000);

afterAll(async () => {
  await platform.stopAll();
});

describe('portal sessions', () => {
  it('keeps the token on the server: an HttpOnly, SameSite cookie and no token in any answer', async () => {
    const response = await request(portal()).post('/auth/dev/sign-in').send({ role: 'pemda-operator', pemdaCode: PEMDA });
    const cookie = ([] as string[]).concat(response.headers['set-cookie'])[0];
    expect(cookie).toMatch(/^mcp_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // http://127.0.0.1 here; https PORTAL_PUBLIC_URL makes it Secure
    expect(JSON.stringify(response.body)).not.toMatch(/eyJ/);
    expect(response.body.user).toMatchObject({ role: 'pemda-operator', pemdaCode: PEMDA, pemdaName: 'Kota Bandung', roles: ['pemda-operator'] });
    const session = await request(portal()).get('/auth/session').set('cookie', cookie.split(';')[0]).expect(200);
    expect(session.body).toEqual(response.body);
    expect([
      ...documentedAnswerProblems('portal', 'post', '/auth/dev/sign-in', 200, response.body),
      ...documentedAnswerProblems('portal', 'get', '/auth/session', 200, session.body),
    ]).toEqual([]);
    const [stored] = await queryTestDatabase<{ count: string }>(`SELECT count(*)::text AS count FROM "portal"."session" WHERE id_hash = $1`, [cookie.split(';')[0].split('=')[1]]);
    expect(stored.count).toBe('0'); // only its hash is stored
  });

  it('tells the sign-in page its ways in and, for the development sign-in, what to choose from', async () => {
    const methods = await request(portal()).get('/auth/methods').expect(200);
    expect(methods.body).toEqual({ devSignIn: true, identityProvider: false });
    const options = await request(portal()).get('/auth/dev/options').expect(200);
    expect(options.body.roles).toContain('verifier');
    expect(options.body.wilayah).toHaveLength(5);
    expect(options.body.pemda).toHaveLength(546);
    expect([
      ...documentedAnswerProblems('portal', 'get', '/auth/methods', 200, methods.body),
      ...documentedAnswerProblems('portal', 'get', '/auth/dev/options', 200, options.body),
    ]).toEqual([]);
  });

  it('refuses a sign-in that is not JSON (a cross-site form cannot send JSON without asking)', async () => {
    const response = await request(portal()).post('/auth/dev/sign-in').type('form').send({ role: 'admin' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('JSON_REQUIRED');
  });

  it('refuses an unknown Pemda and a verifier without wilayah, in Indonesian', async () => {
    const unknown = await request(portal()).post('/auth/dev/sign-in').send({ role: 'pemda-operator', pemdaCode: '99.99' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'UNKNOWN_PEMDA', message: expect.stringContaining('Pemda') });
    const noWilayah = await request(portal()).post('/auth/dev/sign-in').send({ role: 'verifier' });
    expect(noWilayah.body.error).toBe('WILAYAH_REQUIRED');
  });

  it('answers NOT_SIGNED_IN without a session and SESSION_EXPIRED after its end', async () => {
    expect((await request(portal()).get('/auth/session')).body.error).toBe('NOT_SIGNED_IN');
    expect((await request(portal()).get('/api/reporting/v1/reports/national?year=2024')).status).toBe(401);
    // cookie-parser reads `j:` values as JSON: an object or a number is no session either, not a 500.
    for (const forged of ['mcp_session=j%3A1', 'mcp_session=j%3A%7B%7D', 'mcp_session=forged']) {
      const answer = await request(portal()).get('/auth/session').set('cookie', forged);
      expect([answer.status, answer.body.error]).toEqual([401, 'NOT_SIGNED_IN']);
    }
    const browser = await signIn({ role: 'analyst' });
    expect((await request(portal()).get('/api/reporting/v1/reports/national?year=2024').set('cookie', browser.cookie)).status).toBe(200);
    await queryTestDatabase(`UPDATE "portal"."session" SET expires_at = now() - interval '1 minute' WHERE subject = 'dev-analyst'`);
    const expired = await request(portal()).get('/api/reporting/v1/reports/national?year=2024').set('cookie', browser.cookie);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'SESSION_EXPIRED', message: expect.stringContaining('berakhir') });
  });

  it('requires the CSRF token for anything that changes state, and signs out', async () => {
    const browser = await signIn({ role: 'pemda-operator', pemdaCode: PEMDA });
    const withoutToken = await request(portal()).post('/auth/sign-out').set('cookie', browser.cookie);
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.error).toBe('CSRF_TOKEN_INVALID');
    const wrongToken = await request(portal())
      .post(`/api/submissions/v1/pemda/${PEMDA}/submissions/2024/PRC.1.1/claim`)
      .set('cookie', browser.cookie)
      .set('x-csrf-token', operator.csrfToken)
      .send({ claimedValue: 100 });
    expect(wrongToken.status).toBe(403);
    const signedOut = await request(portal()).post('/auth/sign-out').set('cookie', browser.cookie).set('x-csrf-token', browser.csrfToken);
    expect(signedOut.status).toBe(200);
    // A development session has no identity-provider session to end.
    expect(signedOut.body).toEqual({ logoutUrl: null });
    expect(documentedAnswerProblems('portal', 'post', '/auth/sign-out', 200, signedOut.body)).toEqual([]);
    expect((await request(portal()).get('/auth/session').set('cookie', browser.cookie)).body.error).toBe('NOT_SIGNED_IN');
  });
});

describe("the portal's Pemda list", () => {
  it('names the 546 Pemda to a signed-in page, and to nobody else', async () => {
    expect((await request(portal()).get('/api/pemda')).body.error).toBe('NOT_SIGNED_IN');
    const list = await request(portal()).get('/api/pemda').set('cookie', operator.cookie);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(546);
    expect(list.body).toContainEqual(expect.objectContaining({ code: PEMDA, name: 'Kota Bandung', wilayah: 'III', timeZone: 'WIB' }));
    expect(documentedAnswerProblems('portal', 'get', '/api/pemda', 200, list.body)).toEqual([]);
  });
});

describe("the portal's people", () => {
  it("names the subjects that signed in, as of their last sign-in: anyone to KPK roles, only its own people to a Pemda", async () => {
    await signIn({ role: 'verifier', wilayah: 'II', name: 'Budi Santoso' });
    const renamed = await signIn({ role: 'verifier', wilayah: 'II', name: 'Budi Santoso, S.H.' });
    const admin = await signIn({ role: 'admin', name: 'Rina Admin' });
    const lookup = (browser: Browser | undefined, query: string) => {
      const call = request(portal()).get(`/api/people?${query}`);
      return browser ? call.set('cookie', browser.cookie) : call;
    };

    const named = await lookup(admin, 'subject=dev-verifier-II&subject=dev-admin&subject=seseorang-tak-dikenal&subject=dev-verifier-II');
    expect(named.status).toBe(200);
    expect(named.body).toEqual([
      { subject: 'dev-admin', name: 'Rina Admin', roles: ['admin'] },
      { subject: 'dev-verifier-II', name: 'Budi Santoso, S.H.', roles: ['verifier'] },
    ]);
    expect(documentedAnswerProblems('portal', 'get', '/api/people', 200, named.body)).toEqual([]);
    // The answer depends on who asks; a browser's cache keys by URL: never kept.
    expect(named.headers['cache-control']).toBe('no-store');
    // One subject alone arrives as a string, not a list.
    expect((await lookup(renamed, 'subject=dev-admin')).body).toEqual([{ subject: 'dev-admin', name: 'Rina Admin', roles: ['admin'] }]);

    // The audited Pemda is told "Verifikator KPK", never who (docs/decisions.md #46): no lookup undoes
    // that. Its own users may name each other (the history says who of them uploaded), not another Pemda's.
    await signIn({ role: 'pemda-admin', pemdaCode: PEMDA, name: 'Siti Bandung' });
    await signIn({ role: 'pemda-operator', pemdaCode: OTHER_PEMDA, name: 'Operator Aceh' });
    const toPemda = await lookup(operator, `subject=dev-verifier-II&subject=dev-admin&subject=dev-pemda-admin-${PEMDA}&subject=dev-pemda-operator-${OTHER_PEMDA}`);
    expect(toPemda.status).toBe(200);
    expect(toPemda.body).toEqual([{ subject: `dev-pemda-admin-${PEMDA}`, name: 'Siti Bandung', roles: ['pemda-admin'] }]);

    // A Pemda's admin choosing an operator to assign lists the Pemda's own people; another Pemda's are nobody's business.
    const colleagues = await lookup(operator, `pemdaCode=${PEMDA}`);
    expect(colleagues.body.map((person: { subject: string }) => person.subject).sort()).toEqual([`dev-pemda-admin-${PEMDA}`, `dev-pemda-operator-${PEMDA}`]);
    expect(documentedAnswerProblems('portal', 'get', '/api/people', 200, colleagues.body)).toEqual([]);
    expect((await lookup(operator, `pemdaCode=${OTHER_PEMDA}`)).body).toEqual([]);
    expect((await lookup(admin, `pemdaCode=${OTHER_PEMDA}`)).body).toEqual([{ subject: `dev-pemda-operator-${OTHER_PEMDA}`, name: 'Operator Aceh', roles: ['pemda-operator'] }]);
    expect((await lookup(admin, `pemdaCode=${PEMDA}&subject=dev-admin`)).status).toBe(400);
    expect((await lookup(undefined, 'subject=dev-verifier-II')).body.error).toBe('NOT_SIGNED_IN');

    expect((await lookup(admin, '')).status).toBe(400);
    const tooMany = await lookup(admin, Array.from({ length: 101 }, (_, index) => `subject=s${index}`).join('&'));
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('Paling banyak 100 subject per permintaan.');
  });
});

describe('the services through the portal', () => {
  it("passes the service's answers through unchanged: the Pemda's own progress, another Pemda's refused", async () => {
    const own = await request(portal()).get(`/api/submissions/v1/pemda/${PEMDA}/progress?year=2024`).set('cookie', operator.cookie);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ pemdaCode: PEMDA, year: 2024, deadline: { extended: true, open: true } });
    const other = await request(portal()).get(`/api/submissions/v1/pemda/${OTHER_PEMDA}/progress?year=2024`).set('cookie', operator.cookie);
    expect(other.status).toBe(403);
    expect(typeof other.body.message).toBe('string');
    const unknownService = await request(portal()).get('/api/ledger/v1/anything').set('cookie', operator.cookie);
    expect(unknownService.status).toBe(404);
  });

  it('streams a multipart upload through, and tells the right people live', async () => {
    const verifier = await signIn({ role: 'verifier', wilayah: 'III' });
    const otherOperator = await signIn({ role: 'pemda-operator', pemdaCode: OTHER_PEMDA });
    const verifierLive = await openLive(verifier);
    const otherPemdaLive = await openLive(otherOperator);
    const uploaded = await uploadThroughPortal('PRC.1.1', 'SK lewat portal.pdf', '%PDF-1.7 bukti lewat portal');
    const seenByVerifier = await waitFor('the verifier to hear of the upload', async () =>
      verifierLive.events.some((event) => event.event === 'evidence.submitted') ? verifierLive.events : undefined,
    );
    // The other Pemda's stream had the same time to hear of it (both follow one feed).
    await new Promise((resolve) => setTimeout(resolve, 500));
    verifierLive.close();
    otherPemdaLive.close();
    const seenByOtherPemda = otherPemdaLive.events;
    expect(uploaded.status).toBe(201);
    expect(seenByVerifier).toContainEqual({
      event: 'evidence.submitted',
      data: { pemdaCode: PEMDA, provinceCode: '32', wilayah: 'III', year: 2024, subIndicatorCode: 'PRC.1.1' },
    });
    expect(seenByOtherPemda.filter((event) => event.event === 'evidence.submitted')).toEqual([]);
    const download = await request(portal()).get(`/api/submissions/v1/evidence/${uploaded.body.id}/download`).set('cookie', operator.cookie);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/attachment/);
  }, 60_000);

  it('stops fetching while no browser listens, and a browser that comes later hears only what happens from then on', async () => {
    const feed = platform.app('portal').get(LiveFeed);
    await waitFor('the live feed to pause once every stream has closed', async () => (feed.paused ? true : undefined));
    expect((await uploadThroughPortal('PRC.1.2')).status).toBe(201);
    // Past the follower's margin for producers' clocks: this upload happened before anyone listened.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(feed.paused).toBe(true);
    const verifierLive = await openLive(await signIn({ role: 'verifier', wilayah: 'III' }));
    await waitFor('the live feed to resume for the browser', async () => (feed.paused ? undefined : true));
    expect((await uploadThroughPortal('PRC.1.3')).status).toBe(201);
    const heard = await waitFor('the verifier to hear of the second upload', async () =>
      verifierLive.events.some((event) => event.data.subIndicatorCode === 'PRC.1.3') ? verifierLive.events : undefined,
    );
    verifierLive.close();
    expect(heard.filter((event) => event.event === 'evidence.submitted').map((event) => event.data.subIndicatorCode)).toEqual(['PRC.1.3']);
    await waitFor('the live feed to pause again', async () => (feed.paused ? true : undefined));
  }, 60_000);
});

describe('a verifier an admin moved, through the portal', () => {
  it("gives a verifier an admin moved the new wilayah's live hints and session, and a moved QA reviewer no longer the old one's", async () => {
    const admin = await signIn({ role: 'admin' });
    // Signed in before the move, as a verifier of wilayah V and a QA reviewer of III: their tokens keep saying so.
    const movedVerifier = await signIn({ role: 'verifier', wilayah: 'V' });
    const movedQa = await signIn({ role: 'qa', wilayah: 'III' });
    const move = (subject: string, wilayah: string) =>
      request(portal()).put(`/api/verification/v1/verifiers/${subject}/wilayah`).set('cookie', admin.cookie).set('x-csrf-token', admin.csrfToken).send({ wilayah });
    expect((await move('dev-verifier-V', 'III')).status).toBe(200);
    expect((await move('dev-qa-III', 'I')).status).toBe(200);
    const sessionOf = async (browser: Browser) => (await request(portal()).get('/auth/session').set('cookie', browser.cookie).expect(200)).body.user;
    await waitFor('the portal to learn both moves', async () =>
      (await sessionOf(movedVerifier)).wilayah === 'III' && (await sessionOf(movedQa)).wilayah === 'I' ? true : undefined,
    );
    const verifierLive = await openLive(movedVerifier);
    const qaLive = await openLive(movedQa);
    const uploaded = await uploadThroughPortal('PRC.2.1');
    expect(uploaded.status).toBe(201);
    const heard = await waitFor('the moved verifier to hear of the upload in wilayah III', async () =>
      verifierLive.events.some((event) => event.data.subIndicatorCode === 'PRC.2.1') ? verifierLive.events : undefined,
    );
    // The QA reviewer's stream had the same time to hear of it (both follow one feed).
    await new Promise((resolve) => setTimeout(resolve, 500));
    verifierLive.close();
    qaLive.close();
    expect(heard).toContainEqual({ event: 'evidence.submitted', data: { pemdaCode: PEMDA, provinceCode: '32', wilayah: 'III', year: 2024, subIndicatorCode: 'PRC.2.1' } });
    expect(qaLive.events.filter((event) => event.event === 'evidence.submitted')).toEqual([]);
    // Moves removed: each is back in the token's wilayah.
    for (const subject of ['dev-verifier-V', 'dev-qa-III']) {
      expect((await request(portal()).delete(`/api/verification/v1/verifiers/${subject}/wilayah`).set('cookie', admin.cookie).set('x-csrf-token', admin.csrfToken)).status).toBe(204);
    }
    await waitFor('the portal to learn both moves were removed', async () =>
      (await sessionOf(movedVerifier)).wilayah === 'V' && (await sessionOf(movedQa)).wilayah === 'III' ? true : undefined,
    );
  }, 60_000);
});
