// A whole Supabase project on one origin for browser tests of the live data: the Realtime stand-in (WebSocket)
// plus just enough GoTrue (password sign-in) and PostgREST (RPC calls) over HTTP, all backed by the real
// PostgreSQL: RPCs run as the signed-in user through the pg shim (tests/js/support/pg-supabase.mjs).
import pg from 'pg';

import { pgSupabase } from './pg-supabase.mjs';
import { startRealtimeStandin } from './realtime-standin.mjs';

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const jwtFor = (uid) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: uid, role: 'authenticated', exp: 4102444800 })}.test`;

function subjectOf(authorization) {
  try {
    const token = String(authorization ?? '').replace(/^Bearer\s+/i, '');
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub ?? null;
  } catch {
    return null;
  }
}

async function bodyOf(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? null : JSON.parse(text);
}

/** `users`: email -> uid. Answers {url, standin, requests, close()}; `requests` logs {method, path, uid, body}. */
export async function startFakeProject({ databaseUrl, users }) {
  const requests = [];
  const clients = new Map();  // uid -> pgSupabase over a connection of its own
  async function restFor(uid) {
    if (!clients.has(uid)) {
      const client = new pg.Client({ connectionString: databaseUrl });
      client.on('error', () => {});
      await client.connect();
      clients.set(uid, { client, rest: pgSupabase(client, uid) });
    }
    return clients.get(uid).rest;
  }
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': '*',
    'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
    'access-control-expose-headers': '*',
  };
  const json = (response, status, body) => {
    response.writeHead(status, { ...cors, 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  async function http(request, response) {
    const url = new URL(request.url, 'http://x');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors);
      response.end();
      return;
    }
    const body = request.method === 'POST' ? await bodyOf(request) : null;
    const uid = subjectOf(request.headers.authorization);
    requests.push({ method: request.method, path: url.pathname, uid, body });
    if (url.pathname === '/auth/v1/token') {
      const id = users[body?.email];
      if (id === undefined) return json(response, 400, { error: 'invalid_grant', error_description: 'Invalid login credentials' });
      const now = Math.floor(Date.now() / 1000);
      return json(response, 200, {
        access_token: jwtFor(id), token_type: 'bearer', expires_in: 3600, expires_at: now + 3600, refresh_token: 'refresh',
        user: { id, aud: 'authenticated', role: 'authenticated', email: body.email, app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' },
      });
    }
    const rpc = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(url.pathname);
    if (rpc !== null && uid !== null) {
      const answer = await (await restFor(uid)).rpc(rpc[1], body ?? {});
      if (answer.error != null) return json(response, answer.status ?? 400, answer.error);
      return json(response, 200, answer.data);
    }
    return json(response, 404, { code: 'PGRST202', message: `the test project does not serve ${url.pathname}` });
  }
  const standin = await startRealtimeStandin({ databaseUrl, http });
  return {
    url: standin.url,
    standin,
    requests,
    rpcs: (fn) => requests.filter((r) => r.path === `/rest/v1/rpc/${fn}`),
    async close() {
      await standin.close();
      for (const { client } of clients.values()) await client.end().catch(() => {});
    },
  };
}
