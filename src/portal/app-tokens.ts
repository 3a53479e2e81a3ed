import type { PortalContext } from './context';
import type { Members } from './members';
import { PortalProblem } from './problem';
import { mintAppTokenString, type AppTokenMode } from './app-token-format';
import { iso } from './util';
import type { AppTokenResolution } from '../shared/portal-api/types';

interface AppTokenRow {
  token: string;
  member_no: string;
  mode: AppTokenMode;
  expires_at: number;
  used_at: number | null;
}

/** One-time app barcodes (CPM tokens): minted for a member and a purpose, used up by one wallet operation. */
export class AppTokens {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
  ) {}

  mint(memberNo: string, mode: AppTokenMode, ttlMs = this.ctx.limits.appTokenTtlMs): { token: string; mode: AppTokenMode; memberNo: string; expiresAt: string } {
    this.members.memberRow(memberNo);
    const token = mintAppTokenString(mode);
    const now = this.ctx.now();
    this.ctx.sql('INSERT INTO app_tokens (token, member_no, mode, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(token, memberNo, mode, now, now + ttlMs);
    return { token, mode, memberNo, expiresAt: iso(now + ttlMs) };
  }

  private usableRow(token: string): AppTokenRow {
    const row = this.ctx.sql('SELECT token, member_no, mode, expires_at, used_at FROM app_tokens WHERE token = ?').get(token) as AppTokenRow | undefined;
    if (!row) throw new PortalProblem('app_token_not_found');
    if (row.used_at !== null) throw new PortalProblem('cpm_token_already_proceed');
    if (row.expires_at <= this.ctx.now()) throw new PortalProblem('cpm_token_already_expired');
    return row;
  }

  resolve(token: string): AppTokenResolution {
    const row = this.usableRow(token);
    return { token: row.token, mode: row.mode, memberNo: row.member_no, expiresAt: iso(row.expires_at), member: this.members.getMember(row.member_no) };
  }

  /** Uses the token up for `transactionId`; it must be this member's and shown for this purpose. */
  use(token: string, memberNo: string, mode: AppTokenMode, transactionId: string): void {
    const row = this.usableRow(token);
    if (row.member_no !== memberNo) throw new PortalProblem('app_token_not_found', 'The token belongs to another member.');
    if (row.mode !== mode) throw new PortalProblem('cpm_token_mode_mismatch', `The token was shown for ${row.mode}, not ${mode}.`);
    this.ctx.sql('UPDATE app_tokens SET used_at = ?, used_by = ? WHERE token = ?').run(this.ctx.now(), transactionId, token);
  }
}
