import { ConfigError, loadConfig } from '@mcp/service-runtime';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NotificationConfig } from './notification-config';

const production = {
  PORT: '3004',
  MCP_ENVIRONMENT: 'production',
  AUTH_ISSUER: 'https://sso.example.go.id/realms/mcp',
  AUTH_JWKS_URL: 'https://sso.example.go.id/realms/mcp/protocol/openid-connect/certs',
  KAFKA_SASL_USERNAME: 'notification',
  KAFKA_SASL_PASSWORD: 'from-its-secret',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(NotificationConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('NotificationConfig: the unsubscribe secret', () => {
  it('keeps the development default outside production', () => {
    expect(loadConfig(NotificationConfig, { PORT: '3004' }).UNSUBSCRIBE_SECRET).toBe('development-only-unsubscribe-secret');
  });

  it('refuses production without a secret of its own, naming the variable', () => {
    expect(problemsOf(production)).toMatch(/UNSUBSCRIBE_SECRET must be set to a random value of at least 32 characters/);
    expect(problemsOf({ ...production, UNSUBSCRIBE_SECRET: 'short' })).toMatch(/UNSUBSCRIBE_SECRET/);
    expect(loadConfig(NotificationConfig, { ...production, UNSUBSCRIBE_SECRET: 'x'.repeat(32) }).UNSUBSCRIBE_SECRET).toHaveLength(32);
  });

  it('is given one by both deployments', () => {
    const root = join(__dirname, '..', '..', '..');
    const manifest = readFileSync(join(root, 'deploy/k8s/notification.yaml'), 'utf8');
    expect(manifest).toMatch(/- name: UNSUBSCRIBE_SECRET\s+valueFrom:\s+secretKeyRef:\s+name: mcp-notification/);
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { environment: Record<string, string> }> };
    expect(compose.services.notification.environment.UNSUBSCRIBE_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});

describe('NotificationConfig: the webhook target policy', () => {
  const productionWithSecret = { ...production, UNSUBSCRIBE_SECRET: 'x'.repeat(32) };

  it('leaves the private-address switch unset by default, so the environment decides', () => {
    for (const env of [{ PORT: '3004' }, productionWithSecret]) {
      const config = loadConfig(NotificationConfig, env);
      expect(config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBeUndefined();
      expect(config.WEBHOOK_ALLOWED_PRIVATE_HOSTS).toEqual([]);
    }
  });

  it('reads the switch as a word, so "false" is false', () => {
    expect(loadConfig(NotificationConfig, { PORT: '3004', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' }).WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(false);
    expect(loadConfig(NotificationConfig, { PORT: '3004', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }).WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(true);
    expect(loadConfig(NotificationConfig, { ...productionWithSecret, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' }).WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(false);
    expect(problemsOf({ PORT: '3004', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'kadang' })).toMatch(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES has value "kadang": WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be true or false/);
  });

  it('refuses to start in production with private addresses allowed, naming the variable and the way out', () => {
    expect(problemsOf({ ...productionWithSecret, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' })).toMatch(
      /WEBHOOK_ALLOW_PRIVATE_ADDRESSES must not be true when MCP_ENVIRONMENT=production: .* name an in-cluster receiver in WEBHOOK_ALLOWED_PRIVATE_HOSTS instead/,
    );
  });

  it('reads the allow-list as exact host names, lower-cased, without a trailing dot', () => {
    const config = loadConfig(NotificationConfig, { ...productionWithSecret, WEBHOOK_ALLOWED_PRIVATE_HOSTS: ' Penerima.MCP.svc.cluster.local., 10.96.4.7 ,fd00::4:7,' });
    expect(config.WEBHOOK_ALLOWED_PRIVATE_HOSTS).toEqual(['penerima.mcp.svc.cluster.local', '10.96.4.7', 'fd00::4:7']);
  });

  it.each(['*.mcp.svc.cluster.local', 'https://penerima.mcp.svc', 'penerima.mcp.svc:8443', 'penerima/mcp'])('refuses %s in the allow-list, naming the variable', (entry) => {
    expect(problemsOf({ PORT: '3004', WEBHOOK_ALLOWED_PRIVATE_HOSTS: `penerima.mcp.svc,${entry}` })).toMatch(
      /WEBHOOK_ALLOWED_PRIVATE_HOSTS .*must be a comma-separated list of host names \(or IP addresses\) without scheme, port or wildcard/,
    );
  });
});

describe('NotificationConfig: how long deliveries are kept (#224)', () => {
  it('keeps every delivery unless told otherwise', () => {
    expect(loadConfig(NotificationConfig, { PORT: '3004' }).DELIVERY_RETENTION_DAYS).toBe(0);
  });

  it('refuses a retention shorter than the inbox remembers events, naming both variables', () => {
    expect(problemsOf({ PORT: '3004', DELIVERY_RETENTION_DAYS: '29' })).toMatch(/DELIVERY_RETENTION_DAYS must be 0 \(keep every delivery\) or at least 30 \(INBOX_RETENTION_HOURS=720, in days\)/);
    expect(problemsOf({ PORT: '3004', DELIVERY_RETENTION_DAYS: '-1' })).not.toMatch(/or at least/);
    expect(loadConfig(NotificationConfig, { PORT: '3004', DELIVERY_RETENTION_DAYS: '30' }).DELIVERY_RETENTION_DAYS).toBe(30);
    expect(loadConfig(NotificationConfig, { PORT: '3004', DELIVERY_RETENTION_DAYS: '2', INBOX_RETENTION_HOURS: '48' }).DELIVERY_RETENTION_DAYS).toBe(2);
  });
});
