import { randomBytes } from 'node:crypto';
import type { RegisterMember } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';
import { toLocalMember, type LocalMember, type MemberLookup } from '../members';
import { translatePortalError } from '../sync';
import { noLiveAnswer, type CashierDeps } from './cashier-deps';
import { memberBalance, offlineExposure } from './ledger';
import { offlineAllowance } from './limits';
import type { RegisterSource } from './sales';

export interface HeldToken {
  token: string;
  memberNo: string;
  mode: 'pay' | 'points' | 'charge';
  expiresAt: number;
}

/** Resolves on the loop's next turn: after the kiosk call in progress has written its answer. */
const afterThisAnswer = () => new Promise<void>((resolve) => setImmediate(resolve));

/** App tokens resolved for the open member panels (the token itself never leaves the core). */
const MAX_HELD_TOKENS = 16;

/**
 * The member panel of the register: a scan or a typed member number becomes the member's
 * panel (roster first, the portal's live figures a moment later), an app barcode becomes a
 * held token the confirm spends.
 */
export class MemberPanels {
  readonly tokens = new Map<string, HeldToken>();
  /** The live refresh of the panel on screen; a confirm waits for it so it knows what the portal said. */
  liveRefresh: Promise<void> = Promise.resolve();
  /** How the member of the panel on screen was identified (a confirm for another member number was typed). */
  private identified: { memberNo: string; source: RegisterSource } | null = null;

  constructor(private readonly o: CashierDeps) {}

  private online(): boolean {
    return this.o.portal().online();
  }

  async openScan(scanId: string): Promise<RegisterMember> {
    this.o.staff().require('cashier');
    const scan = this.o.findScan(scanId);
    if (!scan) throw new KioskError('invalid_input', 'That scan is no longer known; scan again.');
    const c = scan.classification;
    if (c.kind === 'memberCard') return this.openMemberNo(c.memberNo, 'card');
    if (c.kind === 'appToken') return this.openToken(c.token);
    throw new KioskError('not_member_card', 'The scan is not a member card or app barcode.', { reason: c.kind === 'staffCard' ? 'staff_card' : c.reason });
  }

  async openMember(memberNo: string): Promise<RegisterMember> {
    this.o.staff().require('cashier');
    return this.openMemberNo(memberNo, 'manual');
  }

  /** How `memberNo` was identified for a confirm: its panel's scan, or a typed number. */
  sourceOf(memberNo: string): RegisterSource {
    return this.identified?.memberNo === memberNo ? this.identified.source : 'manual';
  }

  /** Staff signed out or the session ended: nothing identified stays. */
  forget(): void {
    this.tokens.clear();
    this.identified = null;
  }

  private async openMemberNo(memberNo: string, source: RegisterSource): Promise<RegisterMember> {
    this.identified = null;
    const cached = this.o.members().roster.byMemberNo(memberNo);
    if (cached && this.online()) {
      // The cashier sees the cached panel at once (DESIGN.md §6: scan to panel, roster cached);
      // the portal's live balance follows as an event a moment later. The request to the portal
      // starts on the loop's next turn, after this answer has gone to the screen: building it
      // (fetch's request, headers, socket write) took as long as the whole panel answer.
      this.liveRefresh = afterThisAnswer().then(() => this.refreshLive(memberNo, source));
      this.identified = { memberNo, source };
      return this.panel(cached.member, false, cached.asOf, source, null);
    }
    let found: MemberLookup | null = cached;
    if (!cached && this.online()) found = await this.lookupLive(memberNo);
    if (!found) throw new KioskError('member_not_found', 'No member with that number.');
    this.identified = { memberNo, source };
    return this.panel(found.member, found.source === 'portal', found.asOf, source, null);
  }

  private async lookupLive(memberNo: string): Promise<MemberLookup | null> {
    try {
      const found = await this.o.members().lookup(memberNo);
      if (found?.source === 'portal') this.o.standing.disabled = false;
      return found;
    } catch (error) {
      const mapped = translatePortalError(error, 'Member lookup');
      if (mapped.code === 'kiosk_disabled') this.o.standing.disabled = true;
      if (!noLiveAnswer(mapped.code)) throw mapped;
      return this.o.members().roster.byMemberNo(memberNo);
    }
  }

  private async refreshLive(memberNo: string, source: RegisterSource): Promise<void> {
    try {
      const found = await this.lookupLive(memberNo);
      if (found?.source === 'portal') this.o.onMemberRefreshed(this.panel(found.member, true, found.asOf, source, null));
    } catch (error) {
      this.o.log(`register: live refresh of a member panel failed (${error instanceof KioskError ? error.code : 'error'})`);
    }
  }

  private async openToken(token: string): Promise<RegisterMember> {
    // One-time tokens only the portal can resolve: never offline (Stripe / Square do the same with cards they cannot verify).
    if (!this.online()) throw new KioskError('app_token_offline', 'App barcodes cannot be used offline; use the physical member card.');
    let resolved;
    try {
      resolved = await this.o.portal().resolveAppToken(token);
      this.o.standing.disabled = false;
    } catch (error) {
      const mapped = translatePortalError(error, 'App barcode');
      if (mapped.code === 'kiosk_disabled') this.o.standing.disabled = true;
      if (noLiveAnswer(mapped.code)) throw new KioskError('app_token_offline', 'The portal cannot resolve the app barcode now; use the physical member card.');
      throw mapped;
    }
    const member = resolved.member;
    const parsed = Date.parse(member.asOf);
    const asOf = Number.isNaN(parsed) ? this.o.now() : parsed;
    this.o.members().roster.refresh(member, asOf);
    const ref = randomBytes(12).toString('base64url');
    this.tokens.set(ref, { token, memberNo: resolved.memberNo, mode: resolved.mode, expiresAt: Date.parse(resolved.expiresAt) });
    while (this.tokens.size > MAX_HELD_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
    this.identified = { memberNo: resolved.memberNo, source: 'appToken' };
    return this.panel(toLocalMember(member), true, asOf, 'appToken', { ref, mode: resolved.mode });
  }

  panel(member: LocalMember, live: boolean, asOf: number, source: RegisterSource, token: { ref: string; mode: HeldToken['mode'] } | null): RegisterMember {
    const db = this.o.db();
    const balance = memberBalance(db, member.memberNo, { balance: member.balance, asOf });
    let allowance: number | null = null;
    if (!this.online()) {
      const exposure = offlineExposure(db, member.memberNo);
      allowance = offlineAllowance(this.o.config(), { balance, memberOfflinePayments: exposure.member, kioskOfflinePayments: exposure.kiosk, oldestPendingAt: exposure.oldestPendingAt, now: this.o.now() });
    }
    return {
      memberNo: member.memberNo,
      name: member.name,
      nameKana: member.nameKana,
      status: member.status,
      balance: { lastKnown: balance.lastKnown, pendingDebits: balance.pendingDebits, pendingCredits: balance.pendingCredits, available: balance.available },
      live: live && balance.asOf === asOf,
      asOf: balance.asOf,
      source,
      tokenMode: token?.mode ?? null,
      tokenRef: token?.ref ?? null,
      offlineAllowance: allowance,
    };
  }
}
