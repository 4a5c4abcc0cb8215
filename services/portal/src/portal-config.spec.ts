import { ConfigError, loadServiceConfig } from '@mcp/service-runtime';
import { portalService } from './portal.definition';
import { upstreamsFrom } from './upstream/upstreams';

describe('portal configuration', () => {
  it('defaults to development sign-in on 127.0.0.1:3000', () => {
    const config = loadServiceConfig(portalService, {});
    expect(config).toMatchObject({ PORT: 3000, PORTAL_DEV_SIGN_IN: true, MCP_ENVIRONMENT: 'development' });
  });

  it('refuses to start with development sign-in in production, naming the variable', () => {
    const production = {
      MCP_ENVIRONMENT: 'production',
      AUTH_ISSUER: 'https://sso.example.go.id/realms/mcp',
      AUTH_JWKS_URL: 'https://sso.example.go.id/realms/mcp/protocol/openid-connect/certs',
      KAFKA_SASL_USERNAME: 'portal',
      KAFKA_SASL_PASSWORD: 'from-its-secret',
    };
    expect(() => loadServiceConfig(portalService, production)).toThrow(ConfigError);
    expect(() => loadServiceConfig(portalService, production)).toThrow(/PORTAL_DEV_SIGN_IN/);
    expect(loadServiceConfig(portalService, { ...production, PORTAL_DEV_SIGN_IN: 'false' }).PORTAL_DEV_SIGN_IN).toBe(false);
  });

  it('refuses production without a JWKS URL, as every service does (the shared ServiceConfig)', () => {
    expect(() => loadServiceConfig(portalService, { MCP_ENVIRONMENT: 'production', PORTAL_DEV_SIGN_IN: 'false' })).toThrow(/AUTH_JWKS_URL/);
  });

  it('reads the services’ addresses from PORTAL_UPSTREAMS and refuses a name not in the catalogue', () => {
    expect(() => loadServiceConfig(portalService, { PORTAL_UPSTREAMS: 'submissions' })).toThrow(/PORTAL_UPSTREAMS/);
    const upstreams = upstreamsFrom('submissions=http://submissions:3001/');
    expect(upstreams.get('submissions')).toBe('http://submissions:3001');
    expect(upstreams.get('reporting')).toBe('http://127.0.0.1:3005');
    expect(upstreams.has('portal')).toBe(false);
    expect(() => upstreamsFrom('ledger=http://ledger:1')).toThrow(/ledger/);
  });

  it('refuses a sign-in issuer or client the services would not accept, and plain http in production, naming the variable', () => {
    const keycloak = 'http://127.0.0.1:8080/realms/mcp';
    expect(loadServiceConfig(portalService, { AUTH_ISSUER: keycloak, PORTAL_OIDC_ISSUER: keycloak }).PORTAL_OIDC_ISSUER).toBe(keycloak);
    expect(() => loadServiceConfig(portalService, { AUTH_ISSUER: keycloak, PORTAL_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/other' })).toThrow(
      /PORTAL_OIDC_ISSUER .* must equal AUTH_ISSUER/,
    );
    expect(() => loadServiceConfig(portalService, { AUTH_ISSUER: keycloak, PORTAL_OIDC_ISSUER: keycloak, PORTAL_OIDC_CLIENT_ID: 'mcp-web' })).toThrow(
      /PORTAL_OIDC_CLIENT_ID \(mcp-web\) must be one of AUTH_CLIENTS/,
    );
    const production = {
      MCP_ENVIRONMENT: 'production',
      AUTH_JWKS_URL: 'https://sso.example.go.id/realms/mcp/protocol/openid-connect/certs',
      KAFKA_SASL_USERNAME: 'portal',
      KAFKA_SASL_PASSWORD: 'from-its-secret',
      PORTAL_DEV_SIGN_IN: 'false',
    };
    expect(() => loadServiceConfig(portalService, { ...production, AUTH_ISSUER: 'http://sso.example.go.id/realms/mcp', PORTAL_OIDC_ISSUER: 'http://sso.example.go.id/realms/mcp' })).toThrow(
      /PORTAL_OIDC_ISSUER must be an https URL/,
    );
    const https = 'https://sso.example.go.id/realms/mcp';
    expect(loadServiceConfig(portalService, { ...production, AUTH_ISSUER: https, PORTAL_OIDC_ISSUER: https }).PORTAL_OIDC_ISSUER).toBe(https);
  });
});
