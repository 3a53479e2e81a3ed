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
import { LaunchSessions } from './launch-session';
import { launchRefusedPage, notSignedInPage } from './pages';

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
}

export interface WebHost {
  /** The kiosk's origin with a slash; opening it without a session shows how to get in. */
  url: string;
  port: number;
  /** The one-time launch URL of this run: the first browser to open it becomes the kiosk. */
  launchUrl: string;
  /** A new one-time launch URL (the previous unused one stops working); for a restarted browser. */
  newLaunchUrl(): string;
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

/** Vite puts only content-hashed files in assets/: a new build gives new names, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The web host: serves the built renderer and the kiosk API on 127.0.0.1.
 * The page gets in through the one-time launch URL (`/?launch=<token>`), exchanged for a session
 * cookie (see LaunchSessions). POST /api/call/<method> and the event WebSocket at /api/events
 * need that cookie AND the kiosk's own Origin and Host: a program without the cookie is refused,
 * and a page of another origin (another port, a DNS-rebinding name) is refused even though the
 * browser would attach the cookie to a same-site request.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const indexHtml = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
  let origin = '';
  let allowedHost = '';
  let sessions = new LaunchSessions('kiosk_session');

  const server = createServer((request, response) => {
    handle(request, response).catch(() => sendJson(response, 500, failure(new KioskError('internal', 'The web host failed.'))));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.host !== allowedHost) {
      return sendJson(response, 421, failure(new KioskError('unauthorized', 'Unknown host name.')));
    }
    const url = parseRequestUrl(request.url);
    if (!url) return sendText(response, 400, 'Bad request: the address is not valid.');
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    const launch = url.searchParams.get('launch');
    if (launch !== null) return exchangeLaunchToken(launch, response);
    return serveStatic(request, url.pathname, response);
  }

  function exchangeLaunchToken(token: string, response: ServerResponse): void {
    const cookie = sessions.exchange(token);
    if (!cookie) {
      response.writeHead(403, { 'Content-Type': RENDERER_MIME_TYPES['.html'], 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      response.end(launchRefusedPage());
      return;
    }
    // The redirect drops the spent token from the address bar and the history.
    response.writeHead(303, { Location: '/', 'Set-Cookie': cookie, 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end();
  }

  function authorised(request: IncomingMessage): boolean {
    return request.headers.origin === origin && sessions.hasSession(request.headers.cookie);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const match = /^\/api\/call\/([A-Za-z0-9_]{1,64})$/.exec(url.pathname);
    if (!match || request.method !== 'POST') {
      return sendJson(response, 404, failure(new KioskError('unknown_method', 'No such kiosk API endpoint.')));
    }
    if (!authorised(request)) {
      request.resume();
      return sendJson(response, 401, failure(new KioskError('unauthorized', 'This page is not the kiosk: the call was refused. Open the launch link the kiosk printed at start.')));
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

  async function serveStatic(request: IncomingMessage, pathname: string, response: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendText(response, 400, 'Bad request: the address is not valid.');
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    const isIndex = relative === '' || relative === 'index.html' || !extname(relative);
    if (isIndex) {
      // Every route of the single-page app is index.html; without a session, how to get one.
      const signedIn = sessions.hasSession(request.headers.cookie);
      response.writeHead(signedIn ? 200 : 401, { 'Content-Type': RENDERER_MIME_TYPES['.html'], 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
      response.end(signedIn ? indexHtml : notSignedInPage());
      return;
    }
    const file = join(options.rendererDir, relative);
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
      'Cache-Control': relative.startsWith(`assets${sep}`) ? IMMUTABLE : 'no-cache',
      ...SECURITY_HEADERS,
    });
    createReadStream(file).pipe(response);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = parseRequestUrl(request.url);
    const allowed = url?.pathname === '/api/events' && request.headers.host === allowedHost && authorised(request);
    if (!allowed) {
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
  allowedHost = `127.0.0.1:${port}`;
  sessions = new LaunchSessions(`kiosk_session_${port}`);
  const newLaunchUrl = () => `${origin}/?launch=${sessions.mint()}`;

  function parseRequestUrl(raw: string | undefined): URL | null {
    // Relative to the kiosk's own origin: `//other/x` stays a path here, it never names a host.
    if (!raw?.startsWith('/')) return null;
    try {
      return new URL(`${origin}${raw}`);
    } catch {
      return null;
    }
  }

  return {
    url: `${origin}/`,
    port,
    launchUrl: newLaunchUrl(),
    newLaunchUrl,
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

function sendText(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  response.end(text);
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
