// Connections for the SQL tests: each test file works in its own copy of the seeded database, and calls the
// functions the way PostgREST does (a transaction, SET LOCAL ROLE, the JWT claims in request.jwt.claims).
import pg from 'pg';
import { randomBytes } from 'node:crypto';

const baseUrl = process.env.DATABASE_URL;
const template = process.env.SF_TEMPLATE_DB || 'slotfit_seed';

export function requireCluster() {
  if (!baseUrl) throw new Error('DATABASE_URL is not set: run these tests through `bash tests/sql/run.sh`');
}

function urlFor(database) {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

// A fresh database cloned from the seeded template; dropped by the returned cleanup.
export async function freshDatabase(label) {
  requireCluster();
  const name = `t_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const clients = [];
  return {
    name,
    async connect() {
      // A broken function under test must fail the test, not hang the suite on a lock.
      const client = new pg.Client({ connectionString: urlFor(name), statement_timeout: 20_000, lock_timeout: 10_000 });
      // Sessions ended by the DROP … WITH (FORCE) below report an error event: expected then.
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      // FORCE ends this database's sessions first, including one a failed test left waiting on a lock.
      const a = new pg.Client({ connectionString: urlFor('postgres') });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    },
  };
}

// Runs fn(client) in a transaction as PostgREST would for a request with this JWT (role authenticated unless
// the claims say otherwise; uid null → no claims at all). Commits unless rollback is asked for or fn throws.
export async function asRole(client, { uid = null, role = 'authenticated', rollback = false } = {}, fn) {
  await client.query('begin');
  try {
    await client.query(`select set_config('role', $1, true)`, [role]);
    if (uid !== null) {
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: uid, role })]);
    }
    const result = await fn(client);
    await client.query(rollback ? 'rollback' : 'commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

export const asProvider = (client, uid, fn, opts = {}) => asRole(client, { uid, ...opts }, fn);

export async function batch(client, uid, site, schoolId = null) {
  return asProvider(client, uid, async (c) => {
    const { rows } = await c.query('select public.get_scheduling_data_batch($1, $2) as p', [site, schoolId]);
    return rows[0].p;
  });
}

export async function apply(client, uid, rows, dataVersion, requestId) {
  return asProvider(client, uid, async (c) => {
    const { rows: r } = await c.query('select public.apply_schedule($1::jsonb, $2, $3) as a',
      [JSON.stringify(rows), dataVersion, requestId]);
    return r[0].a;
  });
}

// Resolves to the pg error a promise rejects with, or fails the test if it resolves.
export async function pgError(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a database error, got a result');
}
