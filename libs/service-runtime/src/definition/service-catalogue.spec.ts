import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { serviceCatalogue } from './service-catalogue';

const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/**
 * services/catalogue.json is the one list of services. Everything that must name each service
 * is either generated from it at run time (lint, local scripts, e2e harness, default ports) or
 * checked against it here, so a service cannot be half added.
 */
describe('services/catalogue.json', () => {
  const names = serviceCatalogue.map((service) => service.name);

  it('lists every service folder, and every listed service has a folder with a definition', () => {
    const folders = readdirSync(join(root, 'services'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, 'services', entry.name, 'project.json')))
      .map((entry) => entry.name);
    expect([...folders].sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(read(`services/${name}/src/${name}.definition.ts`)).toContain(`export const ${name}Service = defineService({`);
      expect(read(`services/${name}/src/main.ts`)).toContain(`runService(${name}Service)`);
      expect(JSON.parse(read(`services/${name}/project.json`)).tags).toContain(`scope:${name}`);
    }
  });

  it('gives each service its own port', () => {
    const ports = serviceCatalogue.map((service) => service.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('matches docker-compose.yml: one container per service, built from the one Dockerfile, on its port', () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { build?: { dockerfile: string; args: { SERVICE: string } }; ports?: string[] }>;
    };
    const built = Object.entries(compose.services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name).sort()).toEqual([...names].sort());
    for (const { name, port } of serviceCatalogue) {
      const service = compose.services[name];
      expect(service.build).toEqual({ context: '.', dockerfile: 'deploy/docker/Dockerfile', args: { SERVICE: name } });
      expect(service.ports).toEqual([`${port}:${port}`]);
    }
  });

  it('matches the Kubernetes kustomization and manifests', () => {
    const kustomization = parse(read('deploy/k8s/kustomization.yaml')) as { resources: string[]; images: { name: string }[] };
    const serviceManifests = kustomization.resources.filter((file) => !['namespace.yaml', 'config.yaml', 'database-prepare.yaml'].includes(file));
    expect(serviceManifests.sort()).toEqual(names.map((name) => `${name}.yaml`).sort());
    expect(kustomization.images.map((image) => image.name.split('/').pop()).sort()).toEqual(
      names.map((name) => `mcp-${name}`).sort(),
    );
    for (const { name, port } of serviceCatalogue) {
      const manifest = read(`deploy/k8s/${name}.yaml`);
      expect(manifest).toContain(`containerPort: ${port}`);
      expect(manifest).toContain(`"node", "services/${name}/src/main.js"`);
      // Its own Postgres role (docs/decisions.md #50), never a shared or administrator's URL.
      expect(manifest.match(/key: DATABASE_URL\S*/g)).toEqual([`key: DATABASE_URL_${name.toUpperCase()}`, `key: DATABASE_URL_${name.toUpperCase()}`]);
    }
  });

  it('matches deploy/prometheus/prometheus.yml: one scrape target per service, at its port, labelled with its name', () => {
    const config = parse(read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[]; labels: { service: string } }[] }[];
    };
    const job = config.scrape_configs.find((scrape) => scrape.job_name === 'mcp');
    const byService = (a: { service: string }, b: { service: string }) => a.service.localeCompare(b.service);
    expect(job?.static_configs.map(({ labels, targets }) => ({ service: labels.service, targets })).sort(byService)).toEqual(
      serviceCatalogue.map(({ name, port }) => ({ service: name, targets: [`127.0.0.1:${port}`] })).sort(byService),
    );
  });
});
