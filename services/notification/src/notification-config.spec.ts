import { ConfigError, loadConfig } from '@mcp/service-runtime';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NotificationConfig } from './notification-config';

const production = {
  PORT: '3004',
  MCP_ENVIRONMENT: 'production',
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
