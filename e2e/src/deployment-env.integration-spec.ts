import { loadServiceConfig } from '@mcp/service-runtime';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { notificationService } from '../../services/notification/src/notification.definition';
import { portalService } from '../../services/portal/src/portal.definition';
import { reportingService } from '../../services/reporting/src/reporting.definition';
import { scoringService } from '../../services/scoring/src/scoring.definition';
import { submissionsService } from '../../services/submissions/src/submissions.definition';
import { verificationService } from '../../services/verification/src/verification.definition';

/*
 * Every container that runs a service's `main.js` in the Kubernetes manifests and in
 * docker-compose.yml gets an environment its configuration accepts: a service validates its whole
 * configuration before anything else, its `migrate` step included (a k8s init container that lacked
 * the Kafka principal, the unsubscribe secret or PORTAL_DEV_SIGN_IN=false crash-looped for good,
 * and so did every pod behind it). Values from Secrets are stood in for by well-formed placeholders;
 * nothing is applied to a cluster or started.
 */
const root = join(__dirname, '..', '..');
const services = [submissionsService, verificationService, scoringService, notificationService, reportingService, portalService];
const definitionOf = (name: string) => services.find((service) => service.name === name);

/** What a Secret would hold, in the form the variable needs. */
function secretPlaceholder(variable: string, service: string): string {
  if (variable.startsWith('DATABASE_URL')) return `postgres://mcp_${service}:secret@postgres.example:5432/mcp`;
  return 'placeholder-from-a-secret-0123456789abcdefghijklmnopqrstuvwxyz';
}

/** Compose's interpolation with nothing set in the shell: `${NAME:-default}` is the default, `${NAME}` empty. */
function interpolated(value: string): string {
  return value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_match, fallback: string | undefined) => fallback ?? '');
}

interface Container {
  name: string;
  command?: string[];
  envFrom?: { configMapRef?: { name: string } }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
}

function serviceOfCommand(command: string[] | undefined): string | undefined {
  return command?.join(' ').match(/services\/([a-z]+)\/src\/main\.js/)?.[1];
}

const k8sDocuments = readdirSync(join(root, 'deploy', 'k8s'))
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((name) => parseAllDocuments(readFileSync(join(root, 'deploy', 'k8s', name), 'utf8')).map((document) => ({ file: name, object: document.toJS() })));
const configMaps = new Map<string, Record<string, string>>(
  k8sDocuments.filter(({ object }) => object?.kind === 'ConfigMap').map(({ object }) => [object.metadata.name as string, object.data as Record<string, string>]),
);

const k8sContainers = k8sDocuments
  .filter(({ object }) => object?.kind === 'Deployment')
  .flatMap(({ file, object }) => {
    const spec = object.spec.template.spec as { initContainers?: Container[]; containers: Container[] };
    return [...(spec.initContainers ?? []), ...spec.containers].map((container) => ({ file, container, service: serviceOfCommand(container.command) }));
  })
  .filter(({ service }) => service !== undefined);

describe('the environment each deployed container gets', () => {
  it('finds a container for every service in the manifests, its migrate step included', () => {
    expect(new Set(k8sContainers.map(({ service, container }) => `${service}/${container.name}`))).toEqual(
      new Set(services.flatMap(({ name }) => [`${name}/${name}`, `${name}/migrate`])),
    );
  });

  it.each(k8sContainers.map(({ file, container, service }) => [`${file} › ${container.name}`, container, service as string] as const))(
    'Kubernetes: %s starts with its configuration',
    (_where, container, service) => {
      const env: Record<string, string> = {};
      for (const source of container.envFrom ?? []) Object.assign(env, configMaps.get(source.configMapRef?.name ?? '') ?? {});
      for (const variable of container.env ?? []) env[variable.name] = variable.value ?? secretPlaceholder(variable.name, service);
      const definition = definitionOf(service);
      expect(definition).toBeDefined();
      expect(() => loadServiceConfig(definition as never, env)).not.toThrow();
    },
  );

  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { build?: { args?: { SERVICE?: string } }; environment?: Record<string, string | number | boolean | null> }>;
  };
  const composeServices = Object.entries(compose.services).filter(([, definition]) => definition.build?.args?.SERVICE);

  it('finds every service in docker-compose.yml', () => {
    expect(composeServices.map(([, definition]) => definition.build?.args?.SERVICE).sort()).toEqual(services.map(({ name }) => name).sort());
  });

  it.each(composeServices.map(([name, definition]) => [name, definition] as const))('Compose: %s starts with its configuration', (_name, definition) => {
    const env = Object.fromEntries(Object.entries(definition.environment ?? {}).map(([key, value]) => [key, value === null ? '' : interpolated(String(value))]));
    expect(() => loadServiceConfig(definitionOf(definition.build?.args?.SERVICE ?? '') as never, env)).not.toThrow();
  });
});
