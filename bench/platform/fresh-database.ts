import { Client } from 'pg';

/** Runs `work` on the server's `postgres` database with the name of the database `url` points to. */
async function onServer(url: string, work: (admin: Client, name: string) => Promise<void>): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await work(admin, name);
  } finally {
    await admin.end();
  }
}

/** Drops the database `url` names (closing its sessions) and creates it empty: a bench's own, never a service's. */
export function freshDatabase(url: string): Promise<void> {
  return onServer(url, async (admin, name) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
}

/** Drops the database `url` names once the bench is done with it. */
export function dropDatabase(url: string): Promise<void> {
  return onServer(url, async (admin, name) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
