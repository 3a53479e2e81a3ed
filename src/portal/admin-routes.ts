import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultConfig } from '../shared/portal-api/types';
import type { FaultInjector } from './faults';
import type { PortalService, SeedMember } from './service';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  deviceId: string | null;
  /** Applies the configured latency fault (once). */
  delay(): Promise<void>;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  problem?: boolean;
}

export type AddRoute = (method: string, template: string, auth: 'none' | 'device', handle: (ctx: Ctx) => Promise<Reply> | Reply) => void;

const ok = (body: unknown, status = 200): Reply => ({ status, body });

/**
 * The dev admin API under /admin (demo mode only): seed members, read the mail outbox, mint app
 * tokens, read the ledger, inject faults, manage devices, complete email changes.
 */
export function addAdminRoutes(add: AddRoute, deps: { service: PortalService; faults: FaultInjector; goDown(ms: number): void }): void {
  const { service, faults, goDown } = deps;
  add('POST', '/admin/members', 'none', ({ body }) => ok({ upserted: service.upsertMembers((body as { members: SeedMember[] }).members) }));
  add('GET', '/admin/messages', 'none', ({ query }) => ok({ messages: service.listMessages(query as { recipient?: string; channel?: string; afterId?: number }) }));
  add('DELETE', '/admin/messages', 'none', () => {
    service.clearMessages();
    return { status: 204 };
  });
  add('POST', '/admin/app-tokens', 'none', ({ body }) => {
    const b = body as { memberNo: string; mode: 'pay' | 'points' | 'charge'; ttlSeconds?: number };
    return ok(service.mintAppToken(b.memberNo, b.mode, b.ttlSeconds === undefined ? undefined : b.ttlSeconds * 1000), 201);
  });
  add('GET', '/admin/ledger', 'none', ({ query }) => ok(service.ledger(query as { memberNo?: string; deviceId?: string })));
  add('GET', '/admin/faults', 'none', () => ok(faults.current));
  add('PUT', '/admin/faults', 'none', ({ body, res }) => {
    const config = body as FaultConfig;
    const { downForSeconds, ...rest } = config;
    faults.set(rest);
    if (downForSeconds !== undefined && downForSeconds > 0) res.once('finish', () => goDown(downForSeconds * 1000));
    return ok(config);
  });
  add('DELETE', '/admin/faults', 'none', () => {
    faults.clear();
    return { status: 204 };
  });
  add('POST', '/admin/devices', 'none', async ({ body }) => {
    const b = body as { deviceId: string; secret: string; displayName?: string; storeId?: string };
    await service.upsertDevice(b.deviceId, b.secret, b.displayName, b.storeId);
    return ok(service.getDevice(b.deviceId), 201);
  });
  add('GET', '/admin/devices/{deviceId}', 'none', ({ path }) => ok(service.getDevice(path.deviceId as string)));
  add('PATCH', '/admin/devices/{deviceId}', 'none', ({ path, body }) => {
    const b = body as { disabled?: boolean };
    if (b.disabled !== undefined) service.setDeviceDisabled(path.deviceId as string, b.disabled);
    return ok(service.getDevice(path.deviceId as string));
  });
  add('POST', '/admin/email-changes/{requestId}/complete', 'none', ({ path }) => ok(service.completeEmailChange(path.requestId as string)));
}
