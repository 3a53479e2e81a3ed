import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { KioskError } from '../../shared/errors';
import { MAX_CALL_BYTES, type KioskEventEnvelope, type KioskResult } from '../../shared/kiosk-api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { RENDERER_MIME_TYPES } from '../mime';

/** What the web host needs from the kiosk core. */
export interface WebHostCore {
  call(method: unknown, input: unknown): Promise<KioskResult<unknown>>;
  onEvent(listener: (envelope: KioskEventEnvelope) => void): () => void;
}

export interface WebHostOptions {
  core: WebHostCore;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port: number;
  /** Always loopback: the kiosk API must not be reachable from the network. */
  host?: '127.0.0.1';
  /** Per-run secret; random when omitted. */
  secret?: string;
}

export interface WebHost {
  url: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}


const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
} as const;

/**
 * The web host: serves the built renderer and the kiosk API on 127.0.0.1.
 * POST /api/call/<method> with the per-run secret in `X-Kiosk-Secret`; events over a
 * WebSocket at /api/events?secret=…. The secret reaches the page inside index.html, which
 * another local page cannot read (same-origin policy); Host and Origin are checked too so a
 * DNS-rebinding page cannot pose as the kiosk.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const secretBuffer = Buffer.from(secret);
  const indexTemplate = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = createServer((request, response) => {
    handle(request, response).catch(() => sendJson(response, 500, failure(new KioskError('internal', 'The web host failed.'))));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return sendJson(response, 421, failure(new KioskError('unauthorized', 'Unknown host name.')));
    }
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    return serveStatic(url.pathname, response);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const match = /^\/api\/call\/([A-Za-z0-9_]{1,64})$/.exec(url.pathname);
    if (!match || request.method !== 'POST') {
      return sendJson(response, 404, failure(new KioskError('unknown_method', 'No such kiosk API endpoint.')));
    }
    if (!originAllowed(request) || !secretMatches(request.headers['x-kiosk-secret'])) {
      request.resume();
      return sendJson(response, 401, failure(new KioskError('unauthorized', 'This page is not the kiosk: the call was refused.')));
    }
    const body = await readBody(request, MAX_CALL_BYTES);
    if (body === 'too_large') {
      return sendJson(response, 413, failure(new KioskError('payload_too_large', `A kiosk API call may carry at most ${MAX_CALL_BYTES} bytes.`)));
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(response, 400, failure(new KioskError('invalid_input', 'The call body is not JSON.')));
    }
    const result = await options.core.call(match[1], input);
    sendJson(response, result.ok ? 200 : statusFor(result.error.code), result);
  }

  function originAllowed(request: IncomingMessage): boolean {
    const requestOrigin = request.headers.origin;
    return requestOrigin === undefined || requestOrigin === origin;
  }

  function secretMatches(value: string | string[] | undefined): boolean {
    if (typeof value !== 'string') return false;
    const candidate = Buffer.from(value);
    return candidate.length === secretBuffer.length && timingSafeEqual(candidate, secretBuffer);
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const file = join(options.rendererDir, relative);
    const isIndex = relative === '' || relative === 'index.html' || !extname(relative);
    if (isIndex) {
      // Every route of the single-page app gets index.html with this run's secret.
      const html = indexTemplate.replace('__KIOSK_SECRET__', secret);
      response.writeHead(200, { 'Content-Type': RENDERER_MIME_TYPES['.html'], 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      response.end(html);
      return;
    }
    if (!file.startsWith(options.rendererDir + sep)) {
      response.writeHead(404, SECURITY_HEADERS).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      response.writeHead(404, SECURITY_HEADERS).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': RENDERER_MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      ...SECURITY_HEADERS,
    });
    createReadStream(file).pipe(response);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const authorised =
      url.pathname === '/api/events' &&
      allowedHosts.has(request.headers.host ?? '') &&
      request.headers.origin === origin &&
      secretMatches(url.searchParams.get('secret') ?? undefined);
    if (!authorised) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  sockets.on('connection', (ws: WebSocket) => {
    // The page only listens; anything it sends is ignored.
    ws.on('message', () => undefined);
    ws.on('error', () => ws.terminate());
  });
  const unsubscribe = options.core.onEvent((envelope) => {
    const message = JSON.stringify(envelope);
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/`,
    port,
    secret,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function statusFor(code: string): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unauthorized':
    case 'not_signed_in':
      return 401;
    case 'forbidden':
      return 403;
    case 'unknown_method':
      return 404;
    case 'payload_too_large':
      return 413;
    case 'internal':
      return 500;
    default:
      // Domain refusals (wrong PIN, locked database…) are answers, not transport failures.
      return 200;
  }
}

function failure(error: KioskError): KioskResult<never> {
  return { ok: false, error: error.toJSON() };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  response.end(text);
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      request.resume();
      resolve('too_large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        request.removeAllListeners('data');
        request.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
