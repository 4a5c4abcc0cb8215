import { createServer } from 'node:net';

/**
 * A port nothing listens on: taken from the system, then released. For a dependency that must be
 * unreachable (a scanner, an identity provider, a database) in a test of what happens then.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
