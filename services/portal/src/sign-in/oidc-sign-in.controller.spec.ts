import type { TokenVerifier } from '@mcp/auth';
import { closedPort } from '@mcp/testing';
import type { Request, Response } from 'express';
import type { PeopleDirectory } from '../people/people-directory';
import type { PortalConfig } from '../portal-config';
import type { SessionStore } from '../sessions/session-store';
import { OidcClient } from './oidc-client';
import { OidcSignInController, signInErrorPage } from './oidc-sign-in.controller';

/*
 * Keycloak down while a person clicks "Masuk melalui SSO": the browser is sent back to the sign-in
 * page with a reason it can show, not left on a JSON error. The client is the real one, its
 * discovery refused by a port with nothing behind it.
 */
describe('OidcSignInController.start when the identity provider cannot be reached', () => {
  it('sends the browser back to the sign-in page saying so, and sets no sign-in cookie', async () => {
    const config = {
      PORTAL_OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}/realms/mcp`,
      PORTAL_OIDC_CLIENT_ID: 'mcp-portal',
      PORTAL_PUBLIC_URL: 'http://localhost:8080',
      MCP_ENVIRONMENT: 'development',
    } as PortalConfig;
    const controller = new OidcSignInController(config, new OidcClient(config), {} as SessionStore, {} as PeopleDirectory, {} as TokenVerifier);
    const redirects: [number, string][] = [];
    const cookies: string[] = [];
    const response = {
      redirect: (status: number, location: string) => redirects.push([status, location]),
      cookie: (name: string) => cookies.push(name),
    } as unknown as Response;
    const request = { protocol: 'http', get: () => 'localhost:8080' } as unknown as Request;

    await controller.start(request, response, '/tugas');

    // The deep link rides along, so the next try still ends on it.
    expect(redirects).toEqual([[302, '/masuk?signInError=IDENTITY_PROVIDER_UNAVAILABLE&next=%2Ftugas']]);
    expect(cookies).toEqual([]);
  });
});

describe('signInErrorPage', () => {
  it('names the reason, and the page to come back to unless it is the home page', () => {
    expect(signInErrorPage('SIGN_IN_FAILED', '/')).toBe('/masuk?signInError=SIGN_IN_FAILED');
    expect(signInErrorPage('SIGN_IN_FAILED', '/verifikasi?tugas=7')).toBe('/masuk?signInError=SIGN_IN_FAILED&next=%2Fverifikasi%3Ftugas%3D7');
  });
});

describe('OidcSignInController, a sign-in the portal cannot keep', () => {
  it('sends the browser back to the sign-in page with the reason and the deep link, and sets no session cookie', async () => {
    const config = { PORTAL_OIDC_ISSUER: 'http://127.0.0.1/realms/mcp', PORTAL_PUBLIC_URL: 'http://localhost:8080', PORTAL_SESSION_HOURS: 8, MCP_ENVIRONMENT: 'development' } as PortalConfig;
    const identityProvider = { enabled: true, finish: async () => ({ accessToken: 'access', refreshToken: 'refresh', idToken: 'id' }) } as unknown as OidcClient;
    const tokens = { verify: async () => ({ subject: 'operator-3273', roles: ['pemda-operator'], pemdaCode: '32.73' }) } as unknown as TokenVerifier;
    const sessions = { open: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')), close: async () => undefined } as unknown as SessionStore;
    const controller = new OidcSignInController(config, identityProvider, sessions, {} as PeopleDirectory, tokens);
    const attempt = Buffer.from(JSON.stringify({ state: 's', codeVerifier: 'v', nonce: 'n', returnTo: '/verifikasi', redirectUri: 'http://localhost:8080/auth/oidc/callback' })).toString('base64url');
    const redirects: [number, string][] = [];
    const cookies: string[] = [];
    const response = {
      redirect: (status: number, location: string) => redirects.push([status, location]),
      cookie: (name: string) => cookies.push(name),
      clearCookie: () => undefined,
    } as unknown as Response;
    const request = { cookies: { mcp_sign_in: attempt }, originalUrl: '/auth/oidc/callback?code=c&state=s' } as unknown as Request;

    await controller.callback(request, response);

    expect(redirects).toEqual([[302, '/masuk?signInError=SESSION_UNAVAILABLE&next=%2Fverifikasi']]);
    expect(cookies).toEqual([]);
  });
});
