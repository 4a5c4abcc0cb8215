import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CataloguedService {
  name: string;
  port: number;
}

/** services/catalogue.json, beside the service folders (the image copies it there too). */
export const SERVICE_CATALOGUE_FILE = join(__dirname, '..', '..', '..', '..', 'services', 'catalogue.json');

/**
 * The one list of services. Scripts, lint, the e2e harness and the deployment files read it or
 * are checked against it; a service's default port comes from it.
 */
export const serviceCatalogue: readonly CataloguedService[] = (
  JSON.parse(readFileSync(SERVICE_CATALOGUE_FILE, 'utf8')) as { services: CataloguedService[] }
).services;

export function cataloguedService(name: string): CataloguedService {
  const entry = serviceCatalogue.find((service) => service.name === name);
  if (!entry) {
    throw new Error(`Service ${name} is not in services/catalogue.json; add one line for it there`);
  }
  return entry;
}
