import { DEV_PUBLIC_KEY_FILE } from '@mcp/auth';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { kafkaSettingsOf, tokenVerifierConfig, tracingSettingsOf } from '../service-platform.module';
import { ConfigError, loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

const JWKS_URL = 'https://sso.example.go.id/realms/mcp/protocol/openid-connect/certs';
// With its Kafka principal, which production also requires (the last describe block).
const production = { PORT: '3001', MCP_ENVIRONMENT: 'production', AUTH_ISSUER: 'https://sso.example.go.id/realms/mcp', KAFKA_SASL_USERNAME: 'scoring', KAFKA_SASL_PASSWORD: 'from-its-secret' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(ServiceConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('ServiceConfig in production (MCP_ENVIRONMENT=production)', () => {
  it('refuses to start without AUTH_JWKS_URL, naming it', () => {
    expect(problemsOf(production)).toMatch(/AUTH_JWKS_URL is not set: AUTH_JWKS_URL must be set when MCP_ENVIRONMENT=production/);
  });

  it('refuses AUTH_PUBLIC_KEY_FILE pointing at the committed development key, even beside a JWKS URL', () => {
    const message = problemsOf({ ...production, AUTH_JWKS_URL: JWKS_URL, AUTH_PUBLIC_KEY_FILE: DEV_PUBLIC_KEY_FILE });
    expect(message).toContain(`AUTH_PUBLIC_KEY_FILE has value ${JSON.stringify(DEV_PUBLIC_KEY_FILE)}`);
    expect(message).toMatch(/must not be set when MCP_ENVIRONMENT=production/);
    expect(message).not.toMatch(/AUTH_JWKS_URL (is not set|has value)/);
  });

  it('refuses a misspelt environment rather than falling back to development', () => {
    expect(problemsOf({ PORT: '3001', MCP_ENVIRONMENT: 'prod', AUTH_JWKS_URL: JWKS_URL })).toMatch(/MCP_ENVIRONMENT has value "prod"/);
  });

  it('starts with a JWKS URL and verifies tokens against it only', () => {
    const config = loadConfig(ServiceConfig, { ...production, AUTH_JWKS_URL: JWKS_URL });
    expect(config.MCP_ENVIRONMENT).toBe('production');
    expect(tokenVerifierConfig(config)).toEqual({
      issuer: 'https://sso.example.go.id/realms/mcp',
      audience: 'mcp-platform',
      authorizedParties: ['mcp-portal', 'mcp-cli'],
      jwksUrl: JWKS_URL,
    });
  });

  it('trusts only the JWKS in production, never the development key beside it', () => {
    const config = loadConfig(ServiceConfig, { ...production, AUTH_JWKS_URL: JWKS_URL, AUTH_ISSUER: 'https://sso.example.go.id/realms/mcp' });
    expect(tokenVerifierConfig(config)).not.toHaveProperty('alsoTrusted');
    expect(tokenVerifierConfig(config)).not.toHaveProperty('publicKeyFile');
  });

  it("refuses the development issuer: with the identity provider's keys every token would be refused while the service reports ready", () => {
    const { AUTH_ISSUER: _issuer, ...withoutIssuer } = production;
    expect(problemsOf({ ...withoutIssuer, AUTH_JWKS_URL: JWKS_URL })).toMatch(/AUTH_ISSUER has value "mcp-local"|AUTH_ISSUER is not set/);
    expect(problemsOf({ ...withoutIssuer, AUTH_JWKS_URL: JWKS_URL })).toMatch(/AUTH_ISSUER must be set when MCP_ENVIRONMENT=production/);
  });

  it('refuses an empty client allowlist, naming AUTH_CLIENTS', () => {
    expect(problemsOf({ ...production, AUTH_JWKS_URL: JWKS_URL, AUTH_CLIENTS: ' , ' })).toMatch(/AUTH_CLIENTS/);
  });

  it('never falls back to the development key for a production config built without loadConfig', () => {
    const config = Object.assign(new ServiceConfig(), { MCP_ENVIRONMENT: 'production' as const });
    expect(() => tokenVerifierConfig(config)).toThrow(/AUTH_JWKS_URL/);
  });
});

describe('ServiceConfig in development (the default)', () => {
  it('uses the committed development key when no key source is given', () => {
    const config = loadConfig(ServiceConfig, { PORT: '3001' });
    expect(config.MCP_ENVIRONMENT).toBe('development');
    expect(tokenVerifierConfig(config)).toMatchObject({ publicKeyFile: DEV_PUBLIC_KEY_FILE });
  });

  it('trusts the local Keycloak and, under its own issuer, the development key', () => {
    const keycloak = 'http://127.0.0.1:8080/realms/mcp';
    const config = loadConfig(ServiceConfig, { PORT: '3001', AUTH_JWKS_URL: `${keycloak}/protocol/openid-connect/certs`, AUTH_ISSUER: keycloak });
    expect(tokenVerifierConfig(config)).toEqual({
      issuer: keycloak,
      audience: 'mcp-platform',
      authorizedParties: ['mcp-portal', 'mcp-cli'],
      jwksUrl: `${keycloak}/protocol/openid-connect/certs`,
      alsoTrusted: [{ issuer: 'mcp-local', audience: 'mcp-platform', publicKeyFile: DEV_PUBLIC_KEY_FILE }],
    });
  });

  it('still checks that a JWKS URL is an http(s) URL', () => {
    expect(problemsOf({ PORT: '3001', AUTH_JWKS_URL: 'sso.example.go.id/certs' })).toMatch(/AUTH_JWKS_URL must be an http\(s\) URL/);
  });
});

describe('ServiceConfig for tracing (docs/decisions.md #33)', () => {
  it('exports nothing by default', () => {
    const config = loadConfig(ServiceConfig, { PORT: '3001' });
    expect(tracingSettingsOf(config)).toEqual({ otlpEndpoint: undefined, tracesFile: undefined });
  });

  it('takes the standard OTLP endpoint and a traces file', () => {
    const config = loadConfig(ServiceConfig, { PORT: '3001', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_TRACES_FILE: join(tmpdir(), 'spans.jsonl') });
    expect(tracingSettingsOf(config)).toEqual({ otlpEndpoint: 'http://otel-collector:4318', tracesFile: join(tmpdir(), 'spans.jsonl') });
  });

  it('refuses an endpoint that is not a URL and a traces file in a missing folder, naming each', () => {
    const message = problemsOf({ PORT: '3001', OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318', OTEL_TRACES_FILE: '/no/such/folder/spans.jsonl' });
    expect(message).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT has value "otel-collector:4318": OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
    expect(message).toMatch(/OTEL_TRACES_FILE has value "\/no\/such\/folder\/spans.jsonl": OTEL_TRACES_FILE must be a file path in an existing folder/);
  });
});

describe('the deployments', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const read = (path: string) => readFileSync(join(root, path), 'utf8');

  it('run every service in production configuration, which they pass (Kubernetes and docker-compose)', () => {
    const kubernetes = (parse(read('deploy/k8s/config.yaml')) as { data: Record<string, string> }).data;
    const compose = (parse(read('docker-compose.yml')) as { 'x-service-env': Record<string, string> })['x-service-env'];
    for (const env of [kubernetes, compose]) {
      expect(env['MCP_ENVIRONMENT']).toBe('production');
      // KAFKA_SASL_* are per service (kafka-users.spec.ts), so not in the shared settings.
      const kafkaPrincipal = { KAFKA_SASL_USERNAME: 'scoring', KAFKA_SASL_PASSWORD: 'from-its-secret' };
      expect(loadConfig(ServiceConfig, { PORT: '3001', ...env, ...kafkaPrincipal }).AUTH_JWKS_URL).toMatch(/^https?:/);
    }
  });

  it('keep both halves of the development key out of every image', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toContain('libs/auth/dev-keys');
    expect(read('deploy/docker/Dockerfile')).toMatch(/if \[ -e libs\/auth\/dev-keys \]; then .* exit 1; fi/);
  });
});

describe('ServiceConfig: transient failures of event handlers', () => {
  it('pauses a partition from 1 s up to 5 min by default, and classifies failures', () => {
    const config = loadConfig(ServiceConfig, { PORT: '3001' });
    expect(config.CONSUMER_TRANSIENT_BACKOFF_MS).toBe(1000);
    expect(config.CONSUMER_TRANSIENT_MAX_BACKOFF_MS).toBe(300_000);
    expect(config.MCP_TEST_UNCLASSIFIED_FAILURES).toBe(false);
  });

  it('merges the slices partitions hand over at once by default; false turns it off (docs/decisions.md #116)', () => {
    expect(loadConfig(ServiceConfig, { PORT: '3001' }).CONSUMER_MERGE_PARTITIONS).toBe(true);
    expect(loadConfig(ServiceConfig, { PORT: '3001', CONSUMER_MERGE_PARTITIONS: 'false' }).CONSUMER_MERGE_PARTITIONS).toBe(false);
    expect(loadConfig(ServiceConfig, { PORT: '3001', CONSUMER_MERGE_PARTITIONS: 'true' }).CONSUMER_MERGE_PARTITIONS).toBe(true);
    expect(loadConfig(ServiceConfig, { PORT: '3001' }).CONSUMER_MERGE_TOPICS).toBe(true);
    expect(loadConfig(ServiceConfig, { PORT: '3001', CONSUMER_MERGE_TOPICS: 'false' }).CONSUMER_MERGE_TOPICS).toBe(false);
  });

  it('refuses a maximum wait below the first one, naming the variable', () => {
    expect(problemsOf({ PORT: '3001', CONSUMER_TRANSIENT_BACKOFF_MS: '5000', CONSUMER_TRANSIENT_MAX_BACKOFF_MS: '1000' })).toMatch(
      /CONSUMER_TRANSIENT_MAX_BACKOFF_MS.*must be at least CONSUMER_TRANSIENT_BACKOFF_MS/,
    );
  });

  it('lets a test switch the classification off, but never in production', () => {
    expect(loadConfig(ServiceConfig, { PORT: '3001', MCP_TEST_UNCLASSIFIED_FAILURES: 'true' }).MCP_TEST_UNCLASSIFIED_FAILURES).toBe(true);
    expect(problemsOf({ ...production, AUTH_JWKS_URL: JWKS_URL, MCP_TEST_UNCLASSIFIED_FAILURES: 'true' })).toMatch(
      /MCP_TEST_UNCLASSIFIED_FAILURES must not be set when MCP_ENVIRONMENT=production/,
    );
  });

  it('lets a test switch the inbox deduplication off, but never in production', () => {
    expect(loadConfig(ServiceConfig, { PORT: '3001' }).MCP_TEST_INBOX_DEDUP_OFF).toBe(false);
    expect(loadConfig(ServiceConfig, { PORT: '3001', MCP_TEST_INBOX_DEDUP_OFF: 'true' }).MCP_TEST_INBOX_DEDUP_OFF).toBe(true);
    expect(problemsOf({ ...production, AUTH_JWKS_URL: JWKS_URL, MCP_TEST_INBOX_DEDUP_OFF: 'true' })).toMatch(
      /MCP_TEST_INBOX_DEDUP_OFF must not be set when MCP_ENVIRONMENT=production/,
    );
  });
});

describe('ServiceConfig for Kafka (docs/decisions.md #57)', () => {
  const withJwks = { PORT: '3001', MCP_ENVIRONMENT: 'production', AUTH_ISSUER: 'https://sso.example.go.id/realms/mcp', AUTH_JWKS_URL: JWKS_URL };

  it('refuses production without the service\'s own principal, naming the variables', () => {
    const message = problemsOf(withJwks);
    expect(message).toMatch(/KAFKA_SASL_USERNAME is not set: KAFKA_SASL_USERNAME must be set, together with KAFKA_SASL_PASSWORD/);
    expect(message).toMatch(/KAFKA_SASL_PASSWORD is not set/);
  });

  it('refuses a user name without a password in development too', () => {
    expect(problemsOf({ PORT: '3001', KAFKA_SASL_USERNAME: 'scoring' })).toMatch(/KAFKA_SASL_PASSWORD is not set/);
  });

  it('refuses PLAIN without TLS in production, and an unknown mechanism', () => {
    const sasl = { KAFKA_SASL_USERNAME: 'scoring', KAFKA_SASL_PASSWORD: 'secret' };
    expect(problemsOf({ ...withJwks, ...sasl, KAFKA_SASL_MECHANISM: 'plain' })).toMatch(/KAFKA_SASL_MECHANISM=plain sends the password in clear/);
    expect(problemsOf({ PORT: '3001', ...sasl, KAFKA_SASL_MECHANISM: 'gssapi' })).toMatch(/KAFKA_SASL_MECHANISM/);
    const config = loadConfig(ServiceConfig, { ...withJwks, ...sasl, KAFKA_SASL_MECHANISM: 'plain', KAFKA_TLS: 'true' });
    expect(kafkaSettingsOf(config, { name: 'scoring' })).toMatchObject({
      clientId: 'mcp-scoring',
      tls: true,
      sasl: { mechanism: 'plain', username: 'scoring', password: 'secret' },
    });
  });

  it('connects without SASL in development when none is given (a broker of one\'s own without SASL)', () => {
    const config = loadConfig(ServiceConfig, { PORT: '3001' });
    expect(kafkaSettingsOf(config, { name: 'scoring' })).toMatchObject({ sasl: undefined, tls: false });
  });
});

describe('yes/no variables', () => {
  it('reads true/1/yes and false/0/no in any case, and keeps the default when unset', () => {
    expect(loadConfig(ServiceConfig, { PORT: '3001', KAFKA_TLS: 'TRUE', CONSUMER_MERGE_PARTITIONS: 'no' })).toMatchObject({ KAFKA_TLS: true, CONSUMER_MERGE_PARTITIONS: false });
    expect(loadConfig(ServiceConfig, { PORT: '3001', KAFKA_TLS: '1' }).KAFKA_TLS).toBe(true);
    expect(loadConfig(ServiceConfig, { PORT: '3001' })).toMatchObject({ KAFKA_TLS: false, CONSUMER_MERGE_PARTITIONS: true });
  });

  it('refuses any other word, naming the variable and what was written: KAFKA_TLS=on was read as false', () => {
    expect(problemsOf({ PORT: '3001', KAFKA_TLS: 'on' })).toMatch(/KAFKA_TLS has value "on": KAFKA_TLS must be a boolean value/);
  });

  it('names a number as written when it does not parse (it was reported as null)', () => {
    expect(problemsOf({ PORT: 'tiga-ribu' })).toMatch(/PORT has value "tiga-ribu"/);
  });
});
