// A Supabase-shaped client over one pg connection, calling the functions and reading the tables the way PostgREST
// would for a signed-in user (a transaction, role authenticated, the JWT subject in request.jwt.claims).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { root } from './slotfit.mjs';

// PostgREST's HTTP status for a SQLSTATE, as far as these tests need it.
function statusFor(code) {
  if (code === 'PT409') return 409;
  if (code === '42883') return 404;
  if (code === '42501') return 403;
  return 400;
}

/** A Supabase-shaped client over one pg connection, acting as `uid`. `loseNextAnswer` drops one RPC answer after commit. */
export function pgSupabase(client, uid) {
  const calls = [];
  // One connection: the fallback's parallel reads take turns, each in its own transaction (PostgREST would use
  // a connection per request).
  let queue = Promise.resolve();
  function asUser(fn) {
    const turn = queue.then(() => transaction(fn));
    queue = turn.catch(() => {});
    return turn;
  }
  async function transaction(fn) {
    await client.query('begin');
    try {
      await client.query("select set_config('role', 'authenticated', true)");
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: uid, role: 'authenticated' })]);
      const out = await fn();
      await client.query('commit');
      return { data: out, error: null, status: 200 };
    } catch (e) {
      await client.query('rollback').catch(() => {});
      return { data: null, error: { code: e.code, message: e.message, details: e.detail ?? null, hint: e.hint ?? null }, status: statusFor(e.code) };
    }
  }
  const supabase = {
    calls,
    loseNextAnswer: false,
    async rpc(fn, args) {
      calls.push({ fn, args });
      const names = Object.keys(args);
      const sql = `select public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as r`;
      const values = names.map((n) => (n === 'p_rows' ? JSON.stringify(args[n]) : args[n]));
      const answer = await asUser(async () => (await client.query(sql, values)).rows[0].r);
      if (supabase.loseNextAnswer) {
        supabase.loseNextAnswer = false;
        return { data: null, error: { code: '', message: 'TypeError: fetch failed' }, status: 0 };
      }
      return answer;
    },
    from(table) {
      calls.push({ table });
      const where = [];
      const values = [];
      let columns = '*';
      const builder = {
        select(c) { columns = c; return builder; },
        eq(column, value) { values.push(value); where.push(`"${column}" = $${values.length}`); return builder; },
        is(column) { where.push(`"${column}" is null`); return builder; },
        then(resolve, reject) {
          // time columns come out as PostgREST writes them ("HH:MM:SS"), not as pg's Date parsing would
          const cols = columns.split(',').map((c) => c.trim()).map((c) => `"${c}"${['start_time', 'end_time'].includes(c) ? '::text' : ''} as "${c}"`);
          const sql = `select ${cols.join(', ')} from public."${table}"${where.length ? ` where ${where.join(' and ')}` : ''}`;
          return asUser(async () => (await client.query(sql, values)).rows).then(resolve, reject);
        },
      };
      return builder;
    },
  };
  return supabase;
}


/** A database of its own in the cluster of DATABASE_URL: the Supabase stand-ins, migrations/, the seed. */
export async function seededDatabase(label) {
  const pg = (await import('pg')).default;
  const name = `sf_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const files = ['tests/sql/supabase-stub.sql',
    ...readdirSync(path.join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort().map((f) => `migrations/${f}`),
    'tests/sql/seed.sql'];
  for (const file of files) {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', path.join(root, file)],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
  }
  const clients = [];
  return {
    url: url.toString(),
    async connect() {
      const client = new pg.Client({ connectionString: url.toString() });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
