import { randomBytes } from 'node:crypto';
import type { PortalContext } from './context';
import { PortalProblem } from './problem';
import { hashSecret, verifySecret } from './secrets';
import { iso, sha256 } from './util';

export interface DeviceView {
  deviceId: string;
  displayName: string;
  disabled: boolean;
  lastSeq: number;
  /** The store the kiosk stands in; null: none (it sees only its own requests). */
  storeId: string | null;
}

export interface DeviceSession {
  accessToken: string;
  expiresAt: string;
  expiresIn: number;
  lastSeq: number;
}

/** Kiosks known to the portal, their secrets (scrypt) and their bearer sessions. */
export class Devices {
  constructor(private readonly ctx: PortalContext) {}

  async upsertDevice(deviceId: string, secret: string, displayName = deviceId, storeId?: string): Promise<void> {
    const secretHash = await hashSecret(secret);
    this.ctx.db.transaction(() => {
      if (storeId !== undefined) this.upsertStore(storeId);
      this.ctx
        .sql(
          `INSERT INTO devices (device_id, secret_hash, display_name, store_id, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (device_id) DO UPDATE SET secret_hash = excluded.secret_hash, display_name = excluded.display_name,
             store_id = coalesce(excluded.store_id, devices.store_id)`,
        )
        .run(deviceId, secretHash, displayName, storeId ?? null, this.ctx.now());
    })();
  }

  /** Creates the store if it is new (the display name of an existing one is kept). */
  upsertStore(storeId: string, displayName = storeId): void {
    this.ctx.sql('INSERT INTO stores (store_id, display_name, created_at) VALUES (?, ?, ?) ON CONFLICT (store_id) DO NOTHING').run(storeId, displayName, this.ctx.now());
  }

  /** Puts an existing device into a store (the demo seed moves a device made before stores). */
  setDeviceStore(deviceId: string, storeId: string): void {
    this.upsertStore(storeId);
    const info = this.ctx.sql('UPDATE devices SET store_id = ? WHERE device_id = ?').run(storeId, deviceId);
    if (info.changes === 0) throw new PortalProblem('device_not_found');
  }

  getDevice(deviceId: string): DeviceView {
    const row = this.ctx.sql('SELECT device_id, display_name, disabled, last_seq, store_id FROM devices WHERE device_id = ?').get(deviceId) as
      | { device_id: string; display_name: string; disabled: number; last_seq: number; store_id: string | null }
      | undefined;
    if (!row) throw new PortalProblem('device_not_found');
    return { deviceId: row.device_id, displayName: row.display_name, disabled: row.disabled === 1, lastSeq: row.last_seq, storeId: row.store_id };
  }

  setDeviceDisabled(deviceId: string, disabled: boolean): void {
    const info = this.ctx.sql('UPDATE devices SET disabled = ? WHERE device_id = ?').run(disabled ? 1 : 0, deviceId);
    if (info.changes === 0) throw new PortalProblem('device_not_found');
    if (disabled) this.ctx.sql('DELETE FROM device_sessions WHERE device_id = ?').run(deviceId);
  }

  setLastSeq(deviceId: string, lastSeq: number): void {
    this.ctx.sql('UPDATE devices SET last_seq = ? WHERE device_id = ?').run(lastSeq, deviceId);
  }

  async authenticateDevice(deviceId: string, secret: string): Promise<DeviceSession> {
    const stored = this.ctx.sql('SELECT secret_hash FROM devices WHERE device_id = ?').get(deviceId) as { secret_hash: string } | undefined;
    if (!stored || !(await verifySecret(secret, stored.secret_hash))) throw new PortalProblem('invalid_device_credentials');
    // After the await: the disabled check and the session it guards in one transaction.
    const token = randomBytes(32).toString('base64url');
    const { sessionTtlMs } = this.ctx.limits;
    return this.ctx.db.transaction(() => {
      const row = this.ctx.sql('SELECT secret_hash, disabled, last_seq FROM devices WHERE device_id = ?').get(deviceId) as
        | { secret_hash: string; disabled: number; last_seq: number }
        | undefined;
      if (!row || row.secret_hash !== stored.secret_hash) throw new PortalProblem('invalid_device_credentials');
      if (row.disabled === 1) throw new PortalProblem('terminal_is_invalidated');
      const now = this.ctx.now();
      const expiresAt = now + sessionTtlMs;
      this.ctx.sql('DELETE FROM device_sessions WHERE expires_at <= ?').run(now);
      this.ctx.sql('INSERT INTO device_sessions (token_hash, device_id, expires_at) VALUES (?, ?, ?)').run(sha256(token), deviceId, expiresAt);
      return { accessToken: token, expiresAt: iso(expiresAt), expiresIn: Math.floor(sessionTtlMs / 1000), lastSeq: row.last_seq };
    })();
  }

  /** The device behind a bearer token, or 401 / 403. */
  deviceForToken(token: string | null): string {
    if (!token) throw new PortalProblem('unauthorized');
    const row = this.ctx
      .sql('SELECT s.device_id, s.expires_at, d.disabled FROM device_sessions s JOIN devices d USING (device_id) WHERE s.token_hash = ?')
      .get(sha256(token)) as { device_id: string; expires_at: number; disabled: number } | undefined;
    if (!row || row.expires_at <= this.ctx.now()) throw new PortalProblem('unauthorized');
    if (row.disabled === 1) throw new PortalProblem('terminal_is_invalidated');
    return row.device_id;
  }
}
