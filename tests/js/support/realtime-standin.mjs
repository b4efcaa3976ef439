// A stand-in for Supabase Realtime, for tests only (never part of the package): a Phoenix-channels WebSocket
// server (npm `ws`) speaking as much of Realtime's protocol as the real supabase-js 2.109 client uses for
// postgres_changes (join and its reply with binding ids, heartbeats, access tokens, leave), fed by the real
// PostgreSQL:
//
// - every table of the `supabase_realtime` publication gets a test-side row trigger that NOTIFYs the change
//   (schema, table, type, commit_timestamp, record, old_record) as JSON; NOTIFY is delivered at commit, in commit
//   order, and never for a rolled-back transaction, as logical decoding would be;
// - the changes read together (one transaction's, NOTIFYed at its commit) go out as one batch: every row-level
//   security check first, then the frames back to back, as Realtime sends what it decoded from one read of the
//   WAL. (Checking and sending row by row would space a statement's rows by a database round trip each, longer
//   than a client's coalescing window on a loaded machine.)
// - on join the server answers the client's postgres_changes bindings with ids; each change goes to every
//   binding whose event, schema, table and filter (`col=eq|neq|lt|lte|gt|gte|in.value`) match, and, like
//   Realtime, only to subscribers whose row-level security lets them select the row (checked by a query run as
//   the JWT's subject with role authenticated; DELETEs are not checked, as in Realtime).
//
// Limits (what real Realtime does and this does not): no replication slot (a change made while no server runs is
// gone, as it is for a client that is disconnected from real Realtime); NOTIFY's 8000-byte payload cap (a
// bigger row fails the writing transaction: fine for the schedule tables); old_record is the whole old row
// (Realtime sends only the primary key unless REPLICA IDENTITY FULL); no broadcast and no presence; no JWT
// signature check (the subject is read, not verified); one server process, no rate limits.
import { createServer } from 'node:http';

import { WebSocketServer } from 'ws';
import pg from 'pg';

const CHANNEL = 'slotfit_realtime_standin';

const INSTALL = `
create or replace function public.sf_standin_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('${CHANNEL}', json_build_object(
    'schema', tg_table_schema, 'table', tg_table_name, 'type', tg_op,
    'commit_timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'record', case when tg_op = 'DELETE' then null else to_jsonb(new) end,
    'old_record', case when tg_op = 'INSERT' then null else to_jsonb(old) end)::text);
  return null;
end $$;
`;

function decodeJwtSubject(token) {
  try {
    const part = String(token).split('.')[1];
    return JSON.parse(Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')).sub ?? null;
  } catch {
    return null;
  }
}

function parseFilter(filter) {
  if (filter == null || filter === '') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(eq|neq|lt|lte|gt|gte|in)\.(.*)$/.exec(filter);
  if (m === null) throw new Error(`invalid filter ${JSON.stringify(filter)}`);
  const [, column, op, raw] = m;
  const value = op === 'in' ? raw.replace(/^\(|\)$/g, '').split(',').map((v) => v.trim()) : raw;
  return { column, op, value };
}

function filterMatches(filter, row) {
  if (filter === null) return true;
  if (row == null || !(filter.column in row)) return false;
  const cell = row[filter.column] == null ? null : String(row[filter.column]);
  switch (filter.op) {
    case 'eq': return cell === filter.value;
    case 'neq': return cell !== filter.value;
    case 'in': return filter.value.includes(cell);
    case 'lt': return cell !== null && Number(cell) < Number(filter.value);
    case 'lte': return cell !== null && Number(cell) <= Number(filter.value);
    case 'gt': return cell !== null && Number(cell) > Number(filter.value);
    case 'gte': return cell !== null && Number(cell) >= Number(filter.value);
    default: return false;
  }
}

/**
 * Starts the stand-in on 127.0.0.1 (a free port unless given) against `databaseUrl`. Answers {url, close(),
 * dropConnections(), stats, tables}; `url` is what createClient takes (it connects to url/realtime/v1/websocket).
 * `http(request, response)`, when given, answers the plain HTTP requests on the same origin (a test's stand-in
 * for GoTrue and PostgREST, so that one URL serves a whole fake project).
 */
export async function startRealtimeStandin({ databaseUrl, port = 0, http = null }) {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(INSTALL);
  const { rows: published } = await admin.query(
    "select schemaname, tablename from pg_publication_tables where pubname = 'supabase_realtime' order by 1, 2");
  const columns = new Map();  // "schema.table" -> [{name, type}]
  for (const { schemaname, tablename } of published) {
    const qualified = `"${schemaname}"."${tablename}"`;
    await admin.query(`drop trigger if exists sf_standin_notify on ${qualified}`);
    await admin.query(`create trigger sf_standin_notify after insert or update or delete on ${qualified}
      for each row execute function public.sf_standin_notify()`);
    const { rows } = await admin.query(`select a.attname as name, t.typname as type from pg_attribute a
      join pg_type t on t.oid = a.atttypid where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`, [qualified]);
    columns.set(`${schemaname}.${tablename}`, rows);
  }
  // Row-level security checks run here, one transaction each, as the subscriber.
  const checker = new pg.Client({ connectionString: databaseUrl });
  await checker.connect();
  let checks = Promise.resolve();
  function visibleTo(uid, schema, table, row) {
    const turn = checks.then(async () => {
      if (uid === null || row?.id == null) return false;
      await checker.query('begin');
      try {
        await checker.query("select set_config('role', 'authenticated', true)");
        await checker.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: uid, role: 'authenticated' })]);
        const { rows } = await checker.query(`select exists (select 1 from "${schema}"."${table}" where id = $1) as ok`, [row.id]);
        return rows[0].ok;
      } finally {
        await checker.query('rollback').catch(() => {});
      }
    });
    checks = turn.catch(() => {});
    return turn;
  }

  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  await listener.query(`listen ${CHANNEL}`);

  const sockets = new Set();
  const stats = { connections: 0, joins: 0, delivered: 0, withheldByRls: 0, heartbeats: 0 };
  let nextBindingId = 1;
  // Batches are delivered one at a time, in commit order, even though each waits for its RLS checks. `queued`
  // holds the changes NOTIFYed since the last batch started; the next batch takes them all.
  let deliveries = Promise.resolve();
  let queued = [];
  // settled()'s own NOTIFYs: a barrier is heard after every change committed before it.
  const barriers = new Map();
  let nextBarrier = 1;

  listener.on('notification', (message) => {
    let change;
    try {
      change = JSON.parse(message.payload);
    } catch {
      return;
    }
    if (change.barrier !== undefined) {
      barriers.get(change.barrier)?.();
      return;
    }
    queued.push(change);
    if (queued.length > 1) return;  // the batch already scheduled takes this one too
    deliveries = deliveries.then(() => {
      const batch = queued;
      queued = [];
      return deliverBatch(batch);
    }).catch(() => {});
  });

  async function deliverBatch(batch) {
    const frames = [];
    for (const change of batch) {
      const data = {
        schema: change.schema, table: change.table, commit_timestamp: change.commit_timestamp, type: change.type,
        columns: columns.get(`${change.schema}.${change.table}`) ?? [], record: change.record ?? {},
        old_record: change.old_record ?? {}, errors: null,
      };
      for (const socket of sockets) {
        for (const channel of socket.channels.values()) {
          const ids = channel.bindings.filter((b) => (b.event === '*' || b.event === change.type)
            && (b.schema === '*' || b.schema === change.schema) && (b.table == null || b.table === '*' || b.table === change.table)
            && filterMatches(b.parsedFilter, change.type === 'DELETE' ? change.old_record : change.record)).map((b) => b.id);
          if (ids.length === 0) continue;
          if (change.type !== 'DELETE' && !(await visibleTo(socket.uid ?? channel.uid, change.schema, change.table, change.record))) {
            stats.withheldByRls += 1;
            continue;
          }
          frames.push([socket, [null, null, channel.topic, 'postgres_changes', { ids, data }]]);
        }
      }
    }
    for (const [socket, frame] of frames) {
      send(socket, frame);
      stats.delivered += 1;
    }
  }

  function send(socket, frame) {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(socket.vsn === '1.0.0'
      ? { join_ref: frame[0], ref: frame[1], topic: frame[2], event: frame[3], payload: frame[4] } : frame));
  }

  const reply = (socket, joinRef, ref, topic, status, response) => send(socket, [joinRef, ref, topic, 'phx_reply', { status, response }]);

  // holdJoins(): joins wait here, unanswered and not yet subscribed to anything, until releaseJoins().
  let heldJoins = null;

  const httpServer = createServer((request, response) => {
    if (http !== null) {
      Promise.resolve(http(request, response)).catch((error) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error?.stack ?? error));
      });
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  const server = new WebSocketServer({ server: httpServer, path: '/realtime/v1/websocket' });
  server.on('connection', (socket, request) => {
    const params = new URL(request.url, 'http://x').searchParams;
    socket.vsn = params.get('vsn') ?? '1.0.0';
    socket.channels = new Map();
    socket.uid = null;
    sockets.add(socket);
    stats.connections += 1;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame;
      try {
        const parsed = JSON.parse(data.toString('utf8'));
        frame = Array.isArray(parsed) ? parsed : [parsed.join_ref, parsed.ref, parsed.topic, parsed.event, parsed.payload];
      } catch {
        return;
      }
      const [joinRef, ref, topic, event, payload] = frame;
      if (topic === 'phoenix' && event === 'heartbeat') {
        stats.heartbeats += 1;
        reply(socket, null, ref, topic, 'ok', {});
      } else if (event === 'phx_join') {
        const config = payload?.config ?? {};
        let bindings;
        try {
          bindings = (config.postgres_changes ?? []).map((b) => ({
            id: nextBindingId++, event: b.event ?? '*', schema: b.schema ?? 'public', table: b.table ?? null,
            filter: b.filter ?? undefined, parsedFilter: parseFilter(b.filter),
          }));
        } catch (error) {
          reply(socket, joinRef, ref, topic, 'error', { reason: error.message });
          return;
        }
        const join = () => {
          const uid = decodeJwtSubject(payload?.access_token);
          if (uid !== null) socket.uid = uid;
          socket.channels.set(topic, { topic, joinRef, bindings, uid });
          stats.joins += 1;
          reply(socket, joinRef, ref, topic, 'ok', {
            postgres_changes: bindings.map(({ id, event: e, schema, table, filter }) => ({ id, event: e, schema, table, filter })),
          });
        };
        if (heldJoins === null) join();
        else heldJoins.push(join);
      } else if (event === 'access_token') {
        const uid = decodeJwtSubject(payload?.access_token);
        if (uid !== null) socket.uid = uid;
        reply(socket, joinRef, ref, topic, 'ok', {});
      } else if (event === 'phx_leave') {
        socket.channels.delete(topic);
        reply(socket, joinRef, ref, topic, 'ok', {});
      } else if (ref != null) {
        reply(socket, joinRef, ref, topic, 'ok', {});
      }
    });
  });
  await new Promise((resolve) => httpServer.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${httpServer.address().port}`,
    stats,
    tables: published.map((t) => `${t.schemaname}.${t.tablename}`),
    /** Cuts every connection without a close handshake, as a network drop would. */
    dropConnections() {
      for (const socket of sockets) socket.terminate();
    },
    /** Every change committed before this call has been sent to its subscribers (or withheld). */
    async settled() {
      const barrier = nextBarrier;
      nextBarrier += 1;
      const heard = new Promise((resolve) => barriers.set(barrier, resolve));
      // Notifications reach a listener in commit order, so this one comes after every change committed before it.
      await admin.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify({ barrier })]);
      await heard;
      barriers.delete(barrier);
      await deliveries;
    },
    /** Joins from now on wait, unanswered, until releaseJoins(): a client that rejoins meanwhile hears nothing. */
    holdJoins() {
      heldJoins ??= [];
    },
    releaseJoins() {
      const joins = heldJoins ?? [];
      heldJoins = null;
      for (const join of joins) join();
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => server.close(resolve));
      httpServer.closeAllConnections?.();
      await new Promise((resolve) => httpServer.close(resolve));
      await listener.end().catch(() => {});
      await checker.end().catch(() => {});
      await admin.end().catch(() => {});
    },
  };
}
