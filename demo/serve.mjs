#!/usr/bin/env node
// Static server for the demo: the repository root on 127.0.0.1, so that /demo/ can import /js/ and fetch
// /tests/fixtures/ without a build step.
//
//   node demo/serve.mjs [port]        # or PORT=8080; port 0 picks a free one
//
// Cross-origin isolated (COOP same-origin + COEP require-corp) because that is what gives the page
// fine-grained performance.now() for its latency figures. No dependencies: `make demo` must work after the
// Debian packages alone.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  // A developer rebuilding js/dist must never be served yesterday's module.
  'Cache-Control': 'no-store',
};

function send(res, status, text, extra = {}) {
  res.writeHead(status, { ...ISOLATION, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(text);
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/') {
    send(res, 302, 'see /demo/\n', { Location: `/demo/${url.search}` });
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    send(res, 400, 'bad path\n');
    return;
  }
  const file = path.resolve(root, `.${pathname}`);
  // Serves the repo root, but nothing outside it (no "..", no absolute paths smuggled in by encoding).
  if (file !== root && !file.startsWith(root + path.sep)) {
    send(res, 403, 'forbidden\n');
    return;
  }
  let target = file;
  let info = await stat(target).catch(() => null);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      send(res, 301, 'moved\n', { Location: `${url.pathname}/${url.search}` });
      return;
    }
    target = path.join(file, 'index.html');
    info = await stat(target).catch(() => null);
  }
  if (info === null || !info.isFile()) {
    send(res, 404, `not found: ${pathname}\n`);
    return;
  }
  const type = TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { ...ISOLATION, 'Content-Type': type, 'Content-Length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(target).on('error', () => res.destroy()).pipe(res);
}

/** Starts the server; resolves once it listens. `server.address().port` is the port (useful with port 0). */
export function startServer({ port = 8080, host = '127.0.0.1', root = repoRoot } = {}) {
  const server = createServer((req, res) => {
    handle(root, req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, `${error.message}\n`);
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function parsePort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`the port must be a whole number 0-65535, got ${JSON.stringify(text)}`);
  }
  return port;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const port = parsePort(process.argv[2] ?? process.env.PORT ?? '8080');
    const server = await startServer({ port });
    const url = `http://127.0.0.1:${server.address().port}/demo/`;
    process.stdout.write(`slotfit demo: ${url}  (sample school, nothing leaves this page; Ctrl-C stops)\n`);
    const stop = () => server.close(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`serve: ${error.code === 'EADDRINUSE' ? `port in use (${error.message}); pass another port` : error.message}\n`);
    process.exit(1);
  }
}
