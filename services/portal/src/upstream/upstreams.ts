import { serviceCatalogue } from '@mcp/service-runtime';

/**
 * Where each service's public API is: the catalogue's services (all but the portal itself) on
 * 127.0.0.1 at their catalogue port, unless PORTAL_UPSTREAMS names another address.
 */
export function upstreamsFrom(overrides: string | undefined): ReadonlyMap<string, string> {
  const upstreams = new Map<string, string>();
  for (const { name, port } of serviceCatalogue) if (name !== 'portal') upstreams.set(name, `http://127.0.0.1:${port}`);
  for (const pair of overrides ? overrides.split(',') : []) {
    const [name, url] = pair.split(/=(.*)/s);
    if (!upstreams.has(name)) throw new Error(`PORTAL_UPSTREAMS names "${name}", which is not a service in services/catalogue.json`);
    upstreams.set(name, url.replace(/\/$/, ''));
  }
  return upstreams;
}
