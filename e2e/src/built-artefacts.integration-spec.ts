import { serviceCatalogue } from '@mcp/service-runtime';
import { serviceTestEnv } from '@mcp/testing';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildArtefacts,
  freePort,
  repositoryRoot,
  runNode,
  serviceCommand,
  startNode,
  waitForOk,
  type ServiceProcess,
} from './service-process';

const catalogue = serviceCatalogue.map((service) => service.name);

/**
 * What the images and `npm run up` run: `npm run build`'s JavaScript, started with plain node and
 * no compiler. Each catalogued service migrates with `main.js migrate`, then starts and answers
 * /health and /health/ready (its Postgres and Kafka wiring works from the artefact).
 */
describe('the built artefact of each service', () => {
  const out = join(repositoryRoot, 'tmp', `artefact-spec-${process.pid}`);
  const running: ServiceProcess[] = [];

  beforeAll(() => buildArtefacts(out), 60_000);

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    rmSync(out, { recursive: true, force: true });
  });

  it('is JavaScript with the data files the code reads, and no TypeScript', () => {
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    for (const name of catalogue) expect(existsSync(join(out, 'services', name, 'src', 'main.js'))).toBe(true);
    for (const path of ['services/catalogue.json', 'libs/master-data/data/pemda.json', 'libs/contracts/schemas/defs.schema.json']) {
      expect(existsSync(join(out, path))).toBe(true);
    }
  });

  it('migrates, starts with plain node and answers /health', async () => {
    const envOf = (port: number) =>
      serviceTestEnv({ PORT: String(port), LOG_LEVEL: 'warn', STORAGE_DIR: join(out, 'evidence') });
    // One after another: the first also creates the database, which two at once would race for.
    for (const name of catalogue) runNode(serviceCommand('artefact', name, out, 'migrate'), envOf(0));
    const ports = await Promise.all(catalogue.map(() => freePort()));
    catalogue.forEach((name, i) => running.push(startNode(serviceCommand('artefact', name, out), envOf(ports[i]))));
    const started = performance.now();
    await Promise.all(
      running.map(async (service, i) => {
        await waitForOk(`http://127.0.0.1:${ports[i]}/health`, service, started, 45_000);
        await waitForOk(`http://127.0.0.1:${ports[i]}/health/ready`, service, started, 45_000);
        // 200 also means "degraded" (Kafka away, #72): the artefact's Kafka wiring works only if it says ready.
        expect(await (await fetch(`http://127.0.0.1:${ports[i]}/health/ready`)).json()).toEqual({ status: 'ready', postgres: 'up', kafka: 'up' });
      }),
    );
  }, 120_000);
});
