import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { portalApiDocument as openapi } from '../shared/portal-api/openapi';
import type { AuditAnchorRequest, OperationKind, RepairRequestStatus, SequencedOperation } from '../shared/portal-api/types';
import { openPortalDatabase } from './db';
import { seedDemo } from './demo-seed';
import { FaultInjector } from './faults';
import { compileRoute, matchRoute, readJsonBody, sendJson, sendProblem, type Route } from './http';
import { PortalProblem } from './problem';
import { PortalService, type PortalLimits } from './service';
import { AuditAnchorStore } from './audit-anchors';
import { addAdminRoutes, type Ctx, type Reply } from './admin-routes';
import { operationValidators, type OperationValidators } from '../shared/portal-api/validator';

export const PORTAL_VERSION: string = openapi.info.version;

export interface PortalServerOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file, or ':memory:'. */
  dbPath: string;
  /** demo: seeds the demo device and members and mounts the dev admin API under /admin. */
  mode: 'demo' | 'production';
  log?: (line: string) => void;
  /** Clock (epoch ms); tests move it to expire codes and tokens. */
  now?: () => number;
  limits?: Partial<PortalLimits>;
}

export interface PortalServerHandle {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The business layer, for in-process tests (same database as the HTTP API). */
  service: PortalService;
  faults: FaultInjector;
}

interface RouteDef {
  route: Route;
  auth: 'none' | 'device';
  admin: boolean;
  /** The handler applies latency itself (after claiming its client request ids). */
  ownDelay?: boolean;
  /** The operation's request validators, compiled on its first request (not at start). */
  validators(): OperationValidators;
  handle(ctx: Ctx): Promise<Reply> | Reply;
}

const SEQUENCED_PATHS: Record<string, OperationKind> = {
  '/v1/wallet/topups': 'wallet.topup',
  '/v1/wallet/payments': 'wallet.payment',
  '/v1/wallet/voids': 'wallet.void',
  '/v1/signups': 'signup.create',
  '/v1/email-changes': 'email_change.create',
  '/v1/repair-requests': 'repair_request.create',
};

/** Starts the reference Portal API server (DESIGN.md §5.2) on 127.0.0.1 by default. */
export async function startPortalServer(options: PortalServerOptions): Promise<PortalServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const db = openPortalDatabase(options.dbPath);
  const service = new PortalService(db, now, options.limits);
  const auditAnchors = new AuditAnchorStore(db, now, log);
  const demo = options.mode === 'demo';
  if (demo) await seedDemo(service);
  const faults = new FaultInjector();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const routes: RouteDef[] = [];
  const add = (method: string, template: string, auth: RouteDef['auth'], handle: RouteDef['handle'], extra: { ownDelay?: boolean } = {}) => {
    let validators: OperationValidators | undefined;
    const lazyValidators = () => (validators ??= operationValidators(method, template));
    routes.push({ route: compileRoute(method, template), auth, admin: template.startsWith('/admin/'), validators: lazyValidators, handle, ...extra });
  };
  const ok = (body: unknown, status = 200): Reply => ({ status, body });

  // ---- public ----
  add('GET', '/v1/health', 'none', () => ok({ status: 'ok', version: PORTAL_VERSION, time: new Date(now()).toISOString(), mode: options.mode }));
  add('POST', '/v1/auth/device-token', 'none', async ({ body }) => {
    const b = body as { deviceId: string; secret: string };
    const t = await service.authenticateDevice(b.deviceId, b.secret);
    return ok({ accessToken: t.accessToken, tokenType: 'Bearer', expiresAt: t.expiresAt, expiresIn: t.expiresIn, deviceId: b.deviceId, lastSeq: t.lastSeq });
  });
  add('GET', '/v1/members/{memberNo}', 'device', ({ path }) => ok(service.getMember(path.memberNo as string)));
  add('GET', '/v1/members/by-card/{barcode}', 'device', ({ path }) => ok(service.getMemberByCard(path.barcode as string)));
  add('POST', '/v1/members/identify', 'device', ({ body }) => {
    const b = body as { memberNo: string; birthDate: string };
    return ok(service.identifyMember(b.memberNo, b.birthDate));
  });
  add('GET', '/v1/roster', 'device', ({ query }) => ok(service.rosterPage(query.cursor as string | undefined, (query.limit as number | undefined) ?? 500)));
  add('POST', '/v1/app-tokens/resolve', 'device', ({ body }) => ok(service.resolveAppToken((body as { token: string }).token)));
  add('POST', '/v1/verifications', 'device', ({ body }) => ok(service.sendVerificationCode(body as Parameters<PortalService['sendVerificationCode']>[0]), 201));
  add('POST', '/v1/verifications/{verificationId}/resend', 'device', ({ path }) => ok(service.resendVerificationCode(path.verificationId as string), 201));
  add('POST', '/v1/verifications/{verificationId}/confirm', 'device', ({ path, body }) =>
    ok(service.confirmVerificationCode(path.verificationId as string, (body as { code: string }).code)),
  );
  add('GET', '/v1/email-changes/{requestId}', 'device', ({ path, deviceId }) => ok(service.getEmailChange(deviceId as string, path.requestId as string)));
  add('GET', '/v1/members/{memberNo}/email-changes', 'device', ({ path }) => ok({ items: service.listEmailChanges(path.memberNo as string) }));
  add('POST', '/v1/email-changes/{requestId}/decision', 'device', ({ path, body, deviceId }) => {
    const b = body as { decision: 'approve' | 'reject'; staffId: string; reason?: string };
    return ok(service.decideEmailChange(deviceId as string, path.requestId as string, b.decision, b.staffId, b.reason));
  });
  // The store's pending requests (every kiosk of the caller's store) and one request's review detail.
  add('GET', '/v1/store/email-changes', 'device', ({ deviceId, query }) => ok(service.storePendingEmailChanges(deviceId as string, (query.limit as number | undefined) ?? 50)));
  add('GET', '/v1/store/email-changes/{requestId}/review', 'device', ({ deviceId, path }) => ok(service.reviewEmailChange(deviceId as string, path.requestId as string)));
  add('GET', '/v1/repair-requests', 'device', ({ query }) =>
    ok({ items: service.listRepairRequests({ status: query.status as RepairRequestStatus | undefined, limit: (query.limit as number | undefined) ?? 100 }) }),
  );
  add('POST', '/v1/repair-requests/{requestId}/status', 'device', ({ path, body }) => {
    const b = body as { status: RepairRequestStatus; staffId: string };
    return ok(service.setRepairRequestStatus(path.requestId as string, b.status, b.staffId));
  });
  add('GET', '/v1/wallet/members/{memberNo}/transactions', 'device', ({ path, query }) =>
    ok(service.walletStatement(path.memberNo as string, (query.limit as number | undefined) ?? 20)),
  );

  for (const [template, kind] of Object.entries(SEQUENCED_PATHS)) {
    add(
      'POST',
      template,
      'device',
      async (ctx) => {
        const b = ctx.body as { clientRequestId: string; seq: number; payload: Record<string, unknown> };
        const header = ctx.req.headers['idempotency-key'];
        if (header !== undefined && header !== b.clientRequestId) {
          throw new PortalProblem('invalid_request', 'The Idempotency-Key header must equal clientRequestId.');
        }
        const op: SequencedOperation = { clientRequestId: b.clientRequestId, seq: b.seq, kind, payload: b.payload };
        if (!service.claim([op.clientRequestId])) throw new PortalProblem('request_in_progress');
        try {
          await ctx.delay();
          const [outcome] = service.processOperations(ctx.deviceId as string, [op]).results;
          if (!outcome) throw new PortalProblem('internal_error');
          const headers: Record<string, string> = outcome.replayed ? { 'idempotent-replayed': 'true' } : {};
          if (outcome.outcome === 'applied') return { status: outcome.status, body: outcome, headers };
          return { status: outcome.status, body: outcome.problem, headers, problem: true };
        } finally {
          service.release([op.clientRequestId]);
        }
      },
      { ownDelay: true },
    );
  }

  add(
    'POST',
    '/v1/batch',
    'device',
    async (ctx) => {
      const ops = (ctx.body as { operations: SequencedOperation[] }).operations;
      for (let i = 1; i < ops.length; i++) {
        if ((ops[i] as SequencedOperation).seq <= (ops[i - 1] as SequencedOperation).seq) {
          throw new PortalProblem('invalid_request', 'Operations must be in ascending seq order.', { errors: [{ pointer: `/operations/${i}/seq`, message: 'must be greater than the previous seq' }] });
        }
      }
      const ids = ops.map((o) => o.clientRequestId);
      if (new Set(ids).size !== ids.length) throw new PortalProblem('invalid_request', 'A client request id appears twice in the batch.');
      if (!service.claim(ids)) throw new PortalProblem('request_in_progress');
      try {
        await ctx.delay();
        return ok(service.processOperations(ctx.deviceId as string, ops));
      } finally {
        service.release(ids);
      }
    },
    { ownDelay: true },
  );

  // ---- audit anchors (SECURITY.md §7) ----
  add('POST', '/v1/audit-anchors', 'device', ({ deviceId, body }) => {
    const { created, anchor } = auditAnchors.append(deviceId as string, body as AuditAnchorRequest);
    return ok(anchor, created ? 201 : 200);
  });
  add('GET', '/v1/audit-anchors/latest', 'device', ({ deviceId }) => ok(auditAnchors.latest(deviceId as string)));

  // ---- dev admin (demo mode only) ----
  if (demo) addAdminRoutes(add, { service, faults, goDown: (ms) => goDown(ms) });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    res.once('finish', () => log(`${method} ${url.pathname} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`));
    try {
      // A DNS-rebinding page reaches us under its own host name: answer only our own names.
      if (!allowedHosts.has(req.headers.host ?? '')) throw new PortalProblem('misdirected_request');
      let found: { def: RouteDef; params: Record<string, string> } | null = null;
      let pathKnown = false;
      for (const def of routes) {
        const params = matchRoute(def.route, url.pathname);
        if (!params) continue;
        pathKnown = true;
        if (def.route.method === method) {
          found = { def, params };
          break;
        }
      }
      if (!found) throw new PortalProblem(pathKnown ? 'method_not_allowed' : 'not_found');
      const { def, params } = found;

      const fault = faults.before(url.pathname);
      if (fault?.type === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.type === 'rateLimit') {
        const retryAfter = fault.httpDate ? new Date(now() + fault.retryAfterSeconds * 1000).toUTCString() : String(fault.retryAfterSeconds);
        sendProblem(res, new PortalProblem('rate_limited', undefined, { retryAfterSeconds: fault.retryAfterSeconds }).toProblem(), { 'retry-after': retryAfter });
        return;
      }
      if (fault?.type === 'error') {
        const code = fault.status === 503 ? 'temporarily_unavailable' : 'internal_error';
        sendProblem(res, new PortalProblem(code, 'Injected fault.', { status: fault.status }).toProblem());
        return;
      }

      const body = await readJsonBody(req);
      let deviceId: string | null = null;
      if (def.auth === 'device') {
        const auth = req.headers.authorization ?? '';
        const match = /^Bearer\s+(\S+)$/i.exec(auth);
        deviceId = service.deviceForToken(match?.[1] ?? null);
      }
      const validators = def.validators();
      const { values, errors: paramErrors } = validators.params(params, url.searchParams);
      const errors = [...(paramErrors ?? [])];
      if (validators.body) {
        if (body === undefined) errors.push({ pointer: '/', message: 'a JSON body is required' });
        else errors.push(...(validators.body(body) ?? []));
      } else if (body !== undefined) {
        errors.push({ pointer: '/', message: 'this operation takes no body' });
      }
      if (errors.length > 0) throw new PortalProblem('invalid_request', 'The request does not match the Portal API document.', { errors });

      let delayed = false;
      const latency = faults.latencyMs(url.pathname);
      const delay = async () => {
        if (delayed || latency <= 0) return;
        delayed = true;
        await sleep(latency);
      };
      if (!def.ownDelay) await delay();
      const reply = await def.handle({ req, res, path: params, query: values, body, deviceId, delay });
      if (faults.dropAfterCommit(url.pathname)) {
        req.socket.destroy();
        return;
      }
      if (reply.problem) sendProblem(res, reply.body as never, reply.headers);
      else sendJson(res, reply.status, reply.body, reply.headers);
    } catch (error) {
      if (error instanceof PortalProblem) {
        sendProblem(res, error.toProblem(), error.code === 'method_not_allowed' ? { allow: allowed(url.pathname) } : {});
        return;
      }
      log(`error ${method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendProblem(res, new PortalProblem('internal_error').toProblem());
    }
  }

  function allowed(pathname: string): string {
    return routes
      .filter((d) => matchRoute(d.route, pathname))
      .map((d) => d.route.method)
      .join(', ');
  }

  let allowedHosts = new Set<string>();
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  let port: number;
  try {
    port = await listen(options.port);
  } catch (error) {
    db.close();
    throw error;
  }
  allowedHosts = hostNames(host, port);
  let closed = false;
  let downTimer: NodeJS.Timeout | undefined;
  let downPromise: Promise<void> | null = null;

  /** "Down for N ms": stop listening (connections refused), then listen again on the same port. */
  function goDown(ms: number): void {
    if (closed || downPromise) return;
    log(`fault: down for ${ms} ms`);
    downPromise = new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    downTimer = setTimeout(() => {
      void (async () => {
        await downPromise;
        downPromise = null;
        if (closed) return;
        try {
          await listen(port);
          log('fault: back up');
        } catch (error) {
          log(`fault: could not listen again: ${String(error)}`);
        }
      })();
    }, ms);
  }

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`portal ${PORTAL_VERSION} (${options.mode}) listening on ${url}`);
  return {
    url,
    port,
    service,
    faults,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(downTimer);
      if (downPromise) await downPromise;
      else if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
      }
      db.close();
    },
  };
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The Host header values that name this portal: its bound address, and the loopback names when bound to loopback. */
export function hostNames(host: string, port: number): Set<string> {
  const bound = host.includes(':') ? `[${host}]` : host;
  const loopback = bound === '127.0.0.1' || bound === 'localhost' || bound === '[::1]';
  const names = loopback ? LOOPBACK_NAMES : [bound];
  return new Set(names.map((name) => `${name}:${port}`));
}
