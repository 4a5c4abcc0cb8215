import { DEV_PRIVATE_KEY_FILE, DEV_PUBLIC_KEY_FILE, TokenIssuer } from '@mcp/auth';
import { createServiceApp, loadServiceConfig, migrateService, serviceCatalogue } from '@mcp/service-runtime';
import { dropSchemas, repositoryRoot, serviceTestEnv } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { serviceDefinition } from './platform-under-test';

/*
 * The committed development key must never work in production (issue 12): every service refuses
 * to start in production configuration without a JWKS URL or with a key file, and a service that
 * did start trusts only the identity provider's keys, so an admin token signed with the committed
 * private key is refused even when it carries the production issuer.
 */
const PRODUCTION_ISSUER = 'https://sso.example.go.id/realms/mcp';

/** `node main.ts` as the image runs it, with nothing but the given environment; resolves on exit. */
function startMain(service: string, env: Record<string, string>): Promise<{ exitCode: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', join('services', service, 'src', 'main.ts')],
      // A service that wrongly started would listen until killed: the timeout turns that into a failure.
      { cwd: repositoryRoot, env: { PATH: process.env['PATH'] ?? '', PORT: '0', ...env }, timeout: 60_000 },
      (error, _stdout, stderr) => resolve({ exitCode: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
    );
  });
}

describe('production configuration refuses the development key', () => {
  it.each(serviceCatalogue.map(({ name }) => [name]))('%s does not start without AUTH_JWKS_URL, naming it', async (name) => {
    const { exitCode, stderr } = await startMain(name, { MCP_ENVIRONMENT: 'production', PORTAL_DEV_SIGN_IN: 'false' });
    expect({ exitCode, stderr }).toEqual({ exitCode: 1, stderr: expect.stringMatching(/AUTH_JWKS_URL is not set: AUTH_JWKS_URL must be set when MCP_ENVIRONMENT=production/) });
  });

  it.each(serviceCatalogue.map(({ name }) => [name]))('%s does not start with AUTH_PUBLIC_KEY_FILE at the development key, naming it', async (name) => {
    const { exitCode, stderr } = await startMain(name, {
      MCP_ENVIRONMENT: 'production',
      PORTAL_DEV_SIGN_IN: 'false',
      AUTH_JWKS_URL: `${PRODUCTION_ISSUER}/protocol/openid-connect/certs`,
      AUTH_PUBLIC_KEY_FILE: DEV_PUBLIC_KEY_FILE,
    });
    expect({ exitCode, stderr }).toEqual({ exitCode: 1, stderr: expect.stringMatching(/AUTH_PUBLIC_KEY_FILE has value ".*dev-public\.pem": AUTH_PUBLIC_KEY_FILE must not be set when MCP_ENVIRONMENT=production/) });
  });
});

describe('a service started in production configuration', () => {
  const reporting = serviceDefinition('reporting');
  let jwks: Server;
  let app: INestApplication;
  let identityProvider: TokenIssuer;
  let identityProviderKeyPem: string;

  beforeAll(async () => {
    // The identity provider's key, served as a JWKS the way Keycloak serves its certs endpoint.
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const keys = { keys: [{ ...(await exportJWK(publicKey)), kid: 'realm-key', alg: 'ES256', use: 'sig' }] };
    jwks = createServer((_request, response) => response.setHeader('Content-Type', 'application/json').end(JSON.stringify(keys)));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    identityProviderKeyPem = await exportPKCS8(privateKey);
    identityProvider = new TokenIssuer({ issuer: PRODUCTION_ISSUER, audience: 'mcp-platform', authorizedParty: 'mcp-portal', privateKeyPem: identityProviderKeyPem });

    const config = loadServiceConfig(
      reporting,
      serviceTestEnv({
        MCP_ENVIRONMENT: 'production',
        AUTH_ISSUER: PRODUCTION_ISSUER,
        AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/mcp/protocol/openid-connect/certs`,
      }),
    );
    await dropSchemas([reporting.name]);
    await migrateService(reporting, config);
    app = await createServiceApp(reporting, config);
    await app.listen(0, '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const nationalReport = (token: string) =>
    request(app.getHttpServer() as never).get('/v1/reports/national?year=2024').set('Authorization', `Bearer ${token}`);

  it('refuses an admin token signed with the committed development key, even with the production issuer', async () => {
    const forger = new TokenIssuer({ issuer: PRODUCTION_ISSUER, audience: 'mcp-platform', authorizedParty: 'mcp-portal', privateKeyPem: readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8') });
    const forged = await forger.issue({ subject: 'penyusup', roles: ['admin'] });
    const response = await nationalReport(forged);
    expect({ status: response.status, message: (response.body as { message?: string }).message }).toEqual({
      status: 401,
      message: 'Token tidak ada atau tidak valid (missing or invalid bearer token)',
    });
  });

  it("refuses the identity provider's token issued to a client outside AUTH_CLIENTS (azp)", async () => {
    const otherClient = new TokenIssuer({ issuer: PRODUCTION_ISSUER, audience: 'mcp-platform', authorizedParty: 'aplikasi-lain', privateKeyPem: identityProviderKeyPem });
    expect((await nationalReport(await otherClient.issue({ subject: 'admin-kpk', roles: ['admin'] }))).status).toBe(401);
  });

  it("accepts the identity provider's admin token (the refusals above are the key's and the client's, not the route's)", async () => {
    const genuine = await identityProvider.issue({ subject: 'admin-kpk', roles: ['admin'] });
    expect((await nationalReport(genuine)).status).toBe(200);
  });
});
