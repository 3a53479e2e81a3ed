import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { PortalDatabase } from './db';
import { PortalProblem, type PortalErrorCode, type ProblemDocument } from './problem';
import { schemaValidator } from '../shared/portal-api/validator';
import { memberCardBarcode, mintAppTokenString, type AppTokenMode } from './app-token-format';
import { canonicalJson, iso, maskEmail, sha256, uuid } from './util';
import type {
  AdminMessage,
  AppTokenResolution,
  EmailChange,
  Member,
  OperationKind,
  OperationOutcome,
  RosterPage,
  SequencedOperation,
  Signup,
  Verification,
  WalletTransaction,
} from '../shared/portal-api/types';

export interface PortalLimits {
  /** Largest single top-up (yen). */
  maxTopupPerTransaction: number;
  /** Largest balance a wallet may hold (yen). */
  maxBalance: number;
  appTokenTtlMs: number;
  sessionTtlMs: number;
  /** How long client request ids are kept (at least 7 days). */
  idempotencyRetentionMs: number;
  signupUrlTtlMs: number;
  verification: {
    codeTtlMs: number;
    maxWrongAttempts: number;
    maxCodesPerAddress: number;
    resendCooldownMs: number;
  };
  /** Birthdate guessing at `identifyMember`, per member number. */
  identify: {
    /** Wrong birthdates in one window that lock the member number (the last one answers the lock). */
    maxWrongBirthdates: number;
    /** The window the wrong tries are counted in, and how long a lock lasts. */
    windowMs: number;
  };
}

export const DEFAULT_LIMITS: PortalLimits = {
  maxTopupPerTransaction: 50_000,
  maxBalance: 100_000,
  appTokenTtlMs: 5 * 60_000,
  sessionTtlMs: 60 * 60_000,
  idempotencyRetentionMs: 8 * 24 * 60 * 60_000,
  signupUrlTtlMs: 60 * 60_000,
  verification: { codeTtlMs: 10 * 60_000, maxWrongAttempts: 5, maxCodesPerAddress: 10, resendCooldownMs: 30_000 },
  identify: { maxWrongBirthdates: 5, windowMs: 15 * 60_000 },
};

export interface SeedMember {
  memberNo: string;
  cardBarcode?: string;
  name: string;
  nameKana: string;
  birthDate: string;
  email?: string | null;
  phone?: string | null;
  university?: string | null;
  faculty?: string | null;
  studentNo?: string | null;
  status?: 'active' | 'suspended' | 'withdrawn';
  portalRegistered?: boolean;
  balance?: number;
}

interface MemberRow {
  member_no: string;
  card_barcode: string;
  name: string;
  name_kana: string;
  birth_date: string;
  email: string | null;
  phone: string | null;
  university: string | null;
  faculty: string | null;
  student_no: string | null;
  status: 'active' | 'suspended' | 'withdrawn';
  portal_registered: number;
  balance: number;
  version: number;
  updated_at: number;
}

interface WalletRow {
  id: string;
  client_request_id: string;
  device_id: string;
  seq: number | null;
  member_no: string;
  kind: 'topup' | 'payment' | 'void';
  amount: number;
  balance_after: number;
  voids_transaction_id: string | null;
  voided_by: string | null;
  created_at: number;
}

/** Outcomes a sequenced operation can be recorded with (deferred is never recorded). */
type RecordedOutcome = 'applied' | 'declined' | 'rejected';

/** Business refusals: recorded against the client request id, replayed on a repeat. */
const DECLINE_CODES: ReadonlySet<PortalErrorCode> = new Set<PortalErrorCode>([
  'member_not_active',
  'cpm_token_already_proceed',
  'cpm_token_already_expired',
  'cpm_token_mode_mismatch',
  'app_token_not_found',
  'account_money_topup_transfer_limit_exceeded',
  'account_balance_exceeded',
  'account_balance_not_enough',
  'transaction_not_found',
  'transaction_already_voided',
  'transaction_not_voidable',
  'verification_required',
  'email_already_registered',
  'email_change_pending',
]);

const PAYLOAD_SCHEMA: Record<OperationKind, string> = {
  'wallet.topup': 'TopupPayload',
  'wallet.payment': 'PaymentPayload',
  'wallet.void': 'VoidPayload',
  'signup.create': 'SignupPayload',
  'email_change.create': 'EmailChangePayload',
};

function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, { N: 16_384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * The reference portal's business logic over its SQLite database. Synchronous: every
 * mutation is one SQLite transaction, so a response is only sent for committed work.
 */
export class PortalService {
  readonly limits: PortalLimits;
  /** Client request ids being processed right now (IETF draft: a concurrent repeat gets 409). */
  private readonly inFlight = new Set<string>();

  private readonly statements = new Map<string, Statement>();

  /** A prepared statement, compiled once per SQL text. */
  private sql(text: string): Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  constructor(
    readonly db: PortalDatabase,
    readonly now: () => number,
    limits: Partial<PortalLimits> = {},
  ) {
    this.limits = {
      ...DEFAULT_LIMITS,
      ...limits,
      verification: { ...DEFAULT_LIMITS.verification, ...limits.verification },
      identify: { ...DEFAULT_LIMITS.identify, ...limits.identify },
    };
    this.executeInSavepoint = db.transaction((deviceId: string, op: SequencedOperation): unknown => this.execute(deviceId, op));
  }

  // ---------------------------------------------------------------- devices

  upsertDevice(deviceId: string, secret: string, displayName = deviceId): void {
    this.sql(
        `INSERT INTO devices (device_id, secret_hash, display_name, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET secret_hash = excluded.secret_hash, display_name = excluded.display_name`,
      )
      .run(deviceId, hashSecret(secret), displayName, this.now());
  }

  getDevice(deviceId: string): { deviceId: string; displayName: string; disabled: boolean; lastSeq: number } {
    const row = this.sql('SELECT device_id, display_name, disabled, last_seq FROM devices WHERE device_id = ?').get(deviceId) as
      | { device_id: string; display_name: string; disabled: number; last_seq: number }
      | undefined;
    if (!row) throw new PortalProblem('device_not_found');
    return { deviceId: row.device_id, displayName: row.display_name, disabled: row.disabled === 1, lastSeq: row.last_seq };
  }

  setDeviceDisabled(deviceId: string, disabled: boolean): void {
    const info = this.sql('UPDATE devices SET disabled = ? WHERE device_id = ?').run(disabled ? 1 : 0, deviceId);
    if (info.changes === 0) throw new PortalProblem('device_not_found');
    if (disabled) this.sql('DELETE FROM device_sessions WHERE device_id = ?').run(deviceId);
  }

  authenticateDevice(deviceId: string, secret: string): { accessToken: string; expiresAt: string; expiresIn: number; lastSeq: number } {
    const row = this.sql('SELECT secret_hash, disabled, last_seq FROM devices WHERE device_id = ?').get(deviceId) as
      | { secret_hash: string; disabled: number; last_seq: number }
      | undefined;
    if (!row || !verifySecret(secret, row.secret_hash)) throw new PortalProblem('invalid_device_credentials');
    if (row.disabled === 1) throw new PortalProblem('terminal_is_invalidated');
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.limits.sessionTtlMs;
    this.db.transaction(() => {
      this.sql('DELETE FROM device_sessions WHERE expires_at <= ?').run(now);
      this.sql('INSERT INTO device_sessions (token_hash, device_id, expires_at) VALUES (?, ?, ?)').run(sha256(token), deviceId, expiresAt);
    })();
    return { accessToken: token, expiresAt: iso(expiresAt), expiresIn: Math.floor(this.limits.sessionTtlMs / 1000), lastSeq: row.last_seq };
  }

  /** The device behind a bearer token, or 401 / 403. */
  deviceForToken(token: string | null): string {
    if (!token) throw new PortalProblem('unauthorized');
    const row = this.sql('SELECT s.device_id, s.expires_at, d.disabled FROM device_sessions s JOIN devices d USING (device_id) WHERE s.token_hash = ?')
      .get(sha256(token)) as { device_id: string; expires_at: number; disabled: number } | undefined;
    if (!row || row.expires_at <= this.now()) throw new PortalProblem('unauthorized');
    if (row.disabled === 1) throw new PortalProblem('terminal_is_invalidated');
    return row.device_id;
  }

  // ---------------------------------------------------------------- members

  upsertMembers(members: readonly SeedMember[]): number {
    const stmt = this.sql(
      `INSERT INTO members (member_no, card_barcode, name, name_kana, birth_date, email, phone, university, faculty, student_no,
                            status, portal_registered, balance, version, updated_at)
       VALUES (@memberNo, @cardBarcode, @name, @nameKana, @birthDate, @email, @phone, @university, @faculty, @studentNo,
               @status, @portalRegistered, @balance, @version, @now)
       ON CONFLICT (member_no) DO UPDATE SET card_barcode = excluded.card_barcode, name = excluded.name, name_kana = excluded.name_kana,
         birth_date = excluded.birth_date, email = excluded.email, phone = excluded.phone, university = excluded.university,
         faculty = excluded.faculty, student_no = excluded.student_no, status = excluded.status,
         portal_registered = excluded.portal_registered, balance = excluded.balance, version = excluded.version, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const m of members) {
        stmt.run({
          memberNo: m.memberNo,
          cardBarcode: m.cardBarcode ?? memberCardBarcode(m.memberNo),
          name: m.name,
          nameKana: m.nameKana,
          birthDate: m.birthDate,
          email: m.email ?? null,
          phone: m.phone ?? null,
          university: m.university ?? null,
          faculty: m.faculty ?? null,
          studentNo: m.studentNo ?? null,
          status: m.status ?? 'active',
          portalRegistered: m.portalRegistered ? 1 : 0,
          balance: m.balance ?? 0,
          version: this.nextRosterVersion(),
          now: this.now(),
        });
      }
    })();
    return members.length;
  }

  private nextRosterVersion(): number {
    const row = this.sql("UPDATE counters SET value = value + 1 WHERE name = 'roster_version' RETURNING value").get() as { value: number };
    return row.value;
  }

  /** Members changed by the batch being applied: their roster version moves once, at its end. */
  private batchTouched: Set<string> | null = null;

  private touchMember(memberNo: string): void {
    if (this.batchTouched) this.batchTouched.add(memberNo);
    else this.bumpRosterVersion(memberNo);
  }

  private bumpRosterVersion(memberNo: string): void {
    this.sql('UPDATE members SET version = ?, updated_at = ? WHERE member_no = ?').run(this.nextRosterVersion(), this.now(), memberNo);
  }

  private memberRow(memberNo: string): MemberRow {
    const row = this.sql('SELECT * FROM members WHERE member_no = ?').get(memberNo) as MemberRow | undefined;
    if (!row) throw new PortalProblem('member_not_found');
    return row;
  }

  private toMember(row: MemberRow, withProfile = false): Member {
    const member: Member = {
      memberNo: row.member_no,
      cardBarcode: row.card_barcode,
      name: row.name,
      nameKana: row.name_kana,
      status: row.status,
      maskedEmail: maskEmail(row.email),
      portalRegistered: row.portal_registered === 1,
      balance: row.balance,
      asOf: iso(this.now()),
    };
    if (withProfile) member.profile = { phone: row.phone, university: row.university, faculty: row.faculty, studentNo: row.student_no };
    return member;
  }

  getMember(memberNo: string): Member {
    return this.toMember(this.memberRow(memberNo));
  }

  getMemberByCard(barcode: string): Member {
    const exact = this.sql('SELECT * FROM members WHERE card_barcode = ?').get(barcode) as MemberRow | undefined;
    if (exact) return this.toMember(exact);
    // A bare member number, or Codabar data whose start/stop or check digit differ from ours.
    const digits = barcode.replace(/^CM/, '').replace(/^[A-Da-d]|[A-Da-d]$/g, '');
    for (const candidate of [digits, digits.slice(0, 10)]) {
      if (/^\d{10}$/.test(candidate)) {
        const row = this.sql('SELECT * FROM members WHERE member_no = ?').get(candidate) as MemberRow | undefined;
        if (row) return this.toMember(row);
      }
    }
    throw new PortalProblem('member_not_found');
  }

  /**
   * Member number + birthdate. A birthdate is only ~36,500 guesses, so wrong ones are counted per
   * member number (committed before the refusal): the `maxWrongBirthdates`-th wrong one within
   * `windowMs` of the first locks the number for `windowMs`, and while locked even the right
   * birthdate gets 429 `identify_locked`. A right birthdate before that, or a window that has
   * passed, starts the count again.
   */
  identifyMember(memberNo: string, birthDate: string): Member {
    const row = this.memberRow(memberNo);
    const { maxWrongBirthdates, windowMs } = this.limits.identify;
    const now = this.now();
    const state = this.sql('SELECT failures, first_failed_at, locked_until FROM identify_failures WHERE member_no = ?').get(memberNo) as
      | { failures: number; first_failed_at: number; locked_until: number | null }
      | undefined;
    if (state && state.locked_until !== null && state.locked_until > now) throw this.identifyLocked(state.locked_until, now);
    if (row.birth_date === birthDate) {
      if (state) this.sql('DELETE FROM identify_failures WHERE member_no = ?').run(memberNo);
      return this.toMember(row, true);
    }
    // An ended lock or a passed window counts from zero again.
    const counting = state && state.locked_until === null && state.first_failed_at + windowMs > now ? state : undefined;
    const failures = (counting?.failures ?? 0) + 1;
    const lockedUntil = failures >= maxWrongBirthdates ? now + windowMs : null;
    this.sql(
      `INSERT INTO identify_failures (member_no, failures, first_failed_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (member_no) DO UPDATE SET failures = excluded.failures, first_failed_at = excluded.first_failed_at, locked_until = excluded.locked_until`,
    ).run(memberNo, failures, counting?.first_failed_at ?? now, lockedUntil);
    if (lockedUntil !== null) throw this.identifyLocked(lockedUntil, now);
    throw new PortalProblem('birthdate_mismatch', undefined, { details: { attemptsRemaining: maxWrongBirthdates - failures } });
  }

  private identifyLocked(lockedUntil: number, now: number): PortalProblem {
    const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
    return new PortalProblem('identify_locked', undefined, {
      retryAfterSeconds,
      details: { retryAfterSeconds, lockedUntil: iso(lockedUntil), maxWrongBirthdates: this.limits.identify.maxWrongBirthdates },
    });
  }

  rosterPage(cursor: string | undefined, limit: number): RosterPage {
    const after = cursor === undefined ? 0 : Number(cursor);
    const rows = this.sql('SELECT * FROM members WHERE version > ? ORDER BY version LIMIT ?').all(after, limit + 1) as MemberRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      members: page.map((r) => ({
        memberNo: r.member_no,
        cardBarcode: r.card_barcode,
        name: r.name,
        nameKana: r.name_kana,
        status: r.status,
        maskedEmail: maskEmail(r.email),
        portalRegistered: r.portal_registered === 1,
        balance: r.balance,
        version: r.version,
      })),
      nextCursor: String(last ? last.version : after),
      hasMore: rows.length > limit,
      asOf: iso(this.now()),
    };
  }

  // ---------------------------------------------------------------- app tokens

  mintAppToken(memberNo: string, mode: AppTokenMode, ttlMs = this.limits.appTokenTtlMs): { token: string; mode: AppTokenMode; memberNo: string; expiresAt: string } {
    this.memberRow(memberNo);
    const token = mintAppTokenString(mode);
    const now = this.now();
    this.sql('INSERT INTO app_tokens (token, member_no, mode, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(token, memberNo, mode, now, now + ttlMs);
    return { token, mode, memberNo, expiresAt: iso(now + ttlMs) };
  }

  private tokenRow(token: string): { token: string; member_no: string; mode: AppTokenMode; expires_at: number; used_at: number | null } {
    const row = this.sql('SELECT token, member_no, mode, expires_at, used_at FROM app_tokens WHERE token = ?').get(token) as
      | { token: string; member_no: string; mode: AppTokenMode; expires_at: number; used_at: number | null }
      | undefined;
    if (!row) throw new PortalProblem('app_token_not_found');
    if (row.used_at !== null) throw new PortalProblem('cpm_token_already_proceed');
    if (row.expires_at <= this.now()) throw new PortalProblem('cpm_token_already_expired');
    return row;
  }

  resolveAppToken(token: string): AppTokenResolution {
    const row = this.tokenRow(token);
    return { token: row.token, mode: row.mode, memberNo: row.member_no, expiresAt: iso(row.expires_at), member: this.getMember(row.member_no) };
  }

  private useToken(token: string, memberNo: string, mode: AppTokenMode, transactionId: string): void {
    const row = this.tokenRow(token);
    if (row.member_no !== memberNo) throw new PortalProblem('app_token_not_found', 'The token belongs to another member.');
    if (row.mode !== mode) throw new PortalProblem('cpm_token_mode_mismatch', `The token was shown for ${row.mode}, not ${mode}.`);
    this.sql('UPDATE app_tokens SET used_at = ?, used_by = ? WHERE token = ?').run(this.now(), transactionId, token);
  }

  // ---------------------------------------------------------------- messages (dev outbox)

  private sendMessage(channel: 'email' | 'sms', recipient: string, subject: string, body: string, meta: Record<string, unknown> = {}): void {
    this.sql('INSERT INTO dev_messages (channel, recipient, subject, body, meta, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(channel, recipient, subject, body, JSON.stringify(meta), this.now());
  }

  listMessages(filter: { recipient?: string; channel?: string; afterId?: number }): AdminMessage[] {
    const rows = this.sql(
        `SELECT * FROM dev_messages WHERE (@recipient IS NULL OR recipient = @recipient) AND (@channel IS NULL OR channel = @channel)
         AND id > @afterId ORDER BY id`,
      )
      .all({ recipient: filter.recipient ?? null, channel: filter.channel ?? null, afterId: filter.afterId ?? 0 }) as Array<{
      id: number;
      channel: 'email' | 'sms';
      recipient: string;
      subject: string;
      body: string;
      meta: string;
      created_at: number;
    }>;
    return rows.map((r) => ({ id: r.id, channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body, meta: JSON.parse(r.meta) as Record<string, unknown>, createdAt: iso(r.created_at) }));
  }

  clearMessages(): void {
    this.sql('DELETE FROM dev_messages').run();
  }

  // ---------------------------------------------------------------- verification codes

  private codeHash(verificationId: string, code: string): string {
    return sha256(`${verificationId}:${code}`);
  }

  /** Codes generated for the address in the current window, and when the address is locked until. */
  private codeBudget(email: string): { used: number; lockedUntil: number | null; lastCreatedAt: number | null } {
    const { codeTtlMs, maxCodesPerAddress } = this.limits.verification;
    const now = this.now();
    const rows = this.sql('SELECT created_at, expires_at FROM verification_codes WHERE email = ? AND created_at > ? ORDER BY created_at')
      .all(email, now - codeTtlMs) as Array<{ created_at: number; expires_at: number }>;
    const last = rows.at(-1);
    // After the limit the address is locked until the last code of the window expires.
    if (rows.length >= maxCodesPerAddress && last) return { used: rows.length, lockedUntil: last.expires_at, lastCreatedAt: last.created_at };
    return { used: rows.length, lockedUntil: null, lastCreatedAt: last?.created_at ?? null };
  }

  private issueCode(verificationId: string, email: string, purpose: string, locale: 'ja' | 'en'): void {
    const { codeTtlMs, maxCodesPerAddress, resendCooldownMs } = this.limits.verification;
    const now = this.now();
    const budget = this.codeBudget(email);
    if (budget.lockedUntil !== null && budget.lockedUntil > now) {
      throw new PortalProblem('verification_code_limit_reached', undefined, {
        retryAfterSeconds: Math.ceil((budget.lockedUntil - now) / 1000),
        details: { maxCodes: maxCodesPerAddress, lockedUntil: iso(budget.lockedUntil) },
      });
    }
    if (budget.lastCreatedAt !== null && now - budget.lastCreatedAt < resendCooldownMs) {
      throw new PortalProblem('verification_resend_cooldown', undefined, {
        retryAfterSeconds: Math.ceil((budget.lastCreatedAt + resendCooldownMs - now) / 1000),
      });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.sql('INSERT INTO verification_codes (verification_id, email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(verificationId, email, this.codeHash(verificationId, code), now, now + codeTtlMs);
    const minutes = Math.round(codeTtlMs / 60_000);
    const subject = locale === 'ja' ? '【大学生協】確認コードのお知らせ' : '[univcoop] Your verification code';
    const body =
      locale === 'ja'
        ? `確認コード: ${code}\nこのコードの有効期限は${minutes}分です。`
        : `Your verification code: ${code}\nIt expires in ${minutes} minutes.`;
    this.sendMessage('email', email, subject, body, { code, verificationId, purpose });
  }

  private verificationView(id: string): Verification {
    const v = this.sql('SELECT id, email FROM verifications WHERE id = ?').get(id) as { id: string; email: string } | undefined;
    if (!v) throw new PortalProblem('verification_not_found');
    const { maxWrongAttempts, maxCodesPerAddress, resendCooldownMs } = this.limits.verification;
    const code = this.sql('SELECT created_at, expires_at, failed_attempts FROM verification_codes WHERE verification_id = ? ORDER BY id DESC LIMIT 1')
      .get(id) as { created_at: number; expires_at: number; failed_attempts: number };
    const budget = this.codeBudget(v.email);
    return {
      verificationId: id,
      maskedEmail: maskEmail(v.email) ?? '',
      sentAt: iso(code.created_at),
      expiresAt: iso(code.expires_at),
      resendAvailableAt: iso(Math.max(code.created_at + resendCooldownMs, budget.lockedUntil ?? 0)),
      codesRemaining: Math.max(0, maxCodesPerAddress - budget.used),
      attemptsRemaining: Math.max(0, maxWrongAttempts - code.failed_attempts),
    };
  }

  sendVerificationCode(input: { purpose: 'signup' | 'email_change'; memberNo: string; email: string; locale?: 'ja' | 'en' }): Verification {
    this.memberRow(input.memberNo);
    const email = input.email.toLowerCase();
    const id = uuid();
    this.db.transaction(() => {
      this.sql('INSERT INTO verifications (id, purpose, member_no, email, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.purpose, input.memberNo, email, this.now());
      this.issueCode(id, email, input.purpose, input.locale ?? 'ja');
    })();
    return this.verificationView(id);
  }

  resendVerificationCode(verificationId: string): Verification {
    const v = this.sql('SELECT email, purpose, verified_at FROM verifications WHERE id = ?').get(verificationId) as
      | { email: string; purpose: string; verified_at: number | null }
      | undefined;
    if (!v) throw new PortalProblem('verification_not_found');
    if (v.verified_at !== null) throw new PortalProblem('verification_already_verified');
    this.db.transaction(() => this.issueCode(verificationId, v.email, v.purpose, 'ja'))();
    return this.verificationView(verificationId);
  }

  confirmVerificationCode(verificationId: string, code: string): { verificationId: string; verified: true } {
    const v = this.sql('SELECT verified_at FROM verifications WHERE id = ?').get(verificationId) as { verified_at: number | null } | undefined;
    if (!v) throw new PortalProblem('verification_not_found');
    const latest = this.sql('SELECT id, code_hash, expires_at, failed_attempts FROM verification_codes WHERE verification_id = ? ORDER BY id DESC LIMIT 1')
      .get(verificationId) as { id: number; code_hash: string; expires_at: number; failed_attempts: number };
    const { maxWrongAttempts } = this.limits.verification;
    const matches = timingSafeEqual(Buffer.from(latest.code_hash, 'hex'), Buffer.from(this.codeHash(verificationId, code), 'hex'));
    if (v.verified_at !== null && matches) return { verificationId, verified: true };
    if (latest.failed_attempts >= maxWrongAttempts) throw new PortalProblem('verification_code_attempts_exceeded');
    if (latest.expires_at <= this.now()) throw new PortalProblem('verification_code_expired');
    if (!matches) {
      // Committed before the error is thrown: a wrong try always counts.
      this.sql('UPDATE verification_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?').run(latest.id);
      const remaining = maxWrongAttempts - latest.failed_attempts - 1;
      if (remaining <= 0) throw new PortalProblem('verification_code_attempts_exceeded');
      throw new PortalProblem('verification_code_invalid', undefined, { details: { attemptsRemaining: remaining } });
    }
    this.sql('UPDATE verifications SET verified_at = ? WHERE id = ?').run(this.now(), verificationId);
    return { verificationId, verified: true };
  }

  /** A verified, unused verification of this purpose for exactly this member and address, consumed. */
  private consumeVerification(verificationId: string, purpose: string, memberNo: string, email: string): void {
    const v = this.sql('SELECT purpose, member_no, email, verified_at, consumed_at FROM verifications WHERE id = ?').get(verificationId) as
      | { purpose: string; member_no: string; email: string; verified_at: number | null; consumed_at: number | null }
      | undefined;
    if (!v || v.purpose !== purpose || v.member_no !== memberNo || v.email !== email.toLowerCase() || v.verified_at === null || v.consumed_at !== null) {
      throw new PortalProblem('verification_required');
    }
    this.sql('UPDATE verifications SET consumed_at = ? WHERE id = ?').run(this.now(), verificationId);
  }

  // ---------------------------------------------------------------- email changes

  private emailChangeView(row: {
    id: string;
    member_no: string;
    new_email: string;
    status: EmailChange['status'];
    requested_at: number;
    decided_at: number | null;
    decided_by: string | null;
    reason: string | null;
    completed_at: number | null;
  }): EmailChange {
    return {
      requestId: row.id,
      memberNo: row.member_no,
      maskedNewEmail: maskEmail(row.new_email) ?? '',
      status: row.status,
      requestedAt: iso(row.requested_at),
      decidedAt: row.decided_at === null ? null : iso(row.decided_at),
      decidedBy: row.decided_by,
      reason: row.reason,
      completedAt: row.completed_at === null ? null : iso(row.completed_at),
    };
  }

  private emailChangeRow(id: string): Parameters<PortalService['emailChangeView']>[0] & { old_email: string | null } {
    const row = this.sql('SELECT * FROM email_changes WHERE id = ?').get(id) as (Parameters<PortalService['emailChangeView']>[0] & { old_email: string | null }) | undefined;
    if (!row) throw new PortalProblem('email_change_not_found');
    return row;
  }

  getEmailChange(id: string): EmailChange {
    return this.emailChangeView(this.emailChangeRow(id));
  }

  listEmailChanges(memberNo: string): EmailChange[] {
    this.memberRow(memberNo);
    const rows = this.sql('SELECT * FROM email_changes WHERE member_no = ? ORDER BY requested_at DESC').all(memberNo) as Array<Parameters<PortalService['emailChangeView']>[0]>;
    return rows.map((r) => this.emailChangeView(r));
  }

  decideEmailChange(id: string, decision: 'approve' | 'reject', staffId: string, reason?: string): EmailChange {
    const row = this.emailChangeRow(id);
    const target = decision === 'approve' ? 'approved' : 'rejected';
    if (row.status !== 'requested') {
      if (row.status === target || (target === 'approved' && row.status === 'completed')) return this.emailChangeView(row);
      throw new PortalProblem('email_change_already_decided', undefined, { details: { status: row.status } });
    }
    this.db.transaction(() => {
      this.sql('UPDATE email_changes SET status = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ?').run(target, this.now(), staffId, reason ?? null, id);
      this.sendMessage(
        'email',
        row.new_email,
        decision === 'approve' ? '【大学生協】メールアドレス変更を承認しました' : '【大学生協】メールアドレス変更は承認されませんでした',
        decision === 'approve' ? 'The change will be completed within a few days.' : `Reason: ${reason ?? '-'}`,
        { requestId: id, status: target },
      );
    })();
    return this.getEmailChange(id);
  }

  completeEmailChange(id: string): EmailChange {
    const row = this.emailChangeRow(id);
    if (row.status === 'completed') return this.emailChangeView(row);
    if (row.status !== 'approved') throw new PortalProblem('email_change_not_approved');
    this.db.transaction(() => {
      this.sql("UPDATE email_changes SET status = 'completed', completed_at = ? WHERE id = ?").run(this.now(), id);
      this.sql('UPDATE members SET email = ? WHERE member_no = ?').run(row.new_email, row.member_no);
      this.touchMember(row.member_no);
      this.sendMessage('email', row.new_email, '【大学生協】メールアドレス変更が完了しました', 'Your address has been changed.', { requestId: id, status: 'completed' });
    })();
    return this.getEmailChange(id);
  }

  // ---------------------------------------------------------------- wallet

  private walletView(row: WalletRow): WalletTransaction {
    return {
      transactionId: row.id,
      clientRequestId: row.client_request_id,
      kind: row.kind,
      memberNo: row.member_no,
      amount: row.amount,
      balance: row.balance_after,
      createdAt: iso(row.created_at),
      voidsTransactionId: row.voids_transaction_id,
      deviceId: row.device_id,
      seq: row.seq,
    };
  }

  walletStatement(memberNo: string, limit: number): { memberNo: string; balance: number; asOf: string; transactions: WalletTransaction[] } {
    const member = this.memberRow(memberNo);
    const rows = this.sql('SELECT * FROM wallet_transactions WHERE member_no = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(memberNo, limit) as WalletRow[];
    return { memberNo, balance: member.balance, asOf: iso(this.now()), transactions: rows.map((r) => this.walletView(r)) };
  }

  ledger(filter: { memberNo?: string; deviceId?: string }): {
    transactions: WalletTransaction[];
    declines: Array<{ clientRequestId: string; deviceId: string; seq: number | null; memberNo: string; kind: string; amount: number; code: string; createdAt: string }>;
    balances: Record<string, number>;
  } {
    const params = { memberNo: filter.memberNo ?? null, deviceId: filter.deviceId ?? null };
    const where = '(@memberNo IS NULL OR member_no = @memberNo) AND (@deviceId IS NULL OR device_id = @deviceId)';
    const rows = this.sql(`SELECT * FROM wallet_transactions WHERE ${where} ORDER BY rowid`).all(params) as WalletRow[];
    const declines = this.sql(`SELECT * FROM wallet_declines WHERE ${where} ORDER BY rowid`).all(params) as Array<{
      client_request_id: string;
      device_id: string;
      seq: number | null;
      member_no: string;
      kind: string;
      amount: number;
      code: string;
      created_at: number;
    }>;
    const balances: Record<string, number> = {};
    const memberRows = this.sql('SELECT member_no, balance FROM members WHERE (@memberNo IS NULL OR member_no = @memberNo)').all({ memberNo: params.memberNo }) as Array<{
      member_no: string;
      balance: number;
    }>;
    for (const m of memberRows) balances[m.member_no] = m.balance;
    return {
      transactions: rows.map((r) => this.walletView(r)),
      declines: declines.map((d) => ({ clientRequestId: d.client_request_id, deviceId: d.device_id, seq: d.seq, memberNo: d.member_no, kind: d.kind, amount: d.amount, code: d.code, createdAt: iso(d.created_at) })),
      balances,
    };
  }

  private activeMember(memberNo: string): MemberRow {
    const row = this.memberRow(memberNo);
    if (row.status !== 'active') throw new PortalProblem('member_not_active');
    return row;
  }

  /** What a top-up or payment checks: the member's status and balance (not the whole profile row). */
  private walletMember(memberNo: string): { balance: number } {
    const row = this.sql('SELECT status, balance FROM members WHERE member_no = ?').get(memberNo) as { status: MemberRow['status']; balance: number } | undefined;
    if (!row) throw new PortalProblem('member_not_found');
    if (row.status !== 'active') throw new PortalProblem('member_not_active');
    return row;
  }

  private insertWallet(row: Omit<WalletRow, 'voided_by'> & { app_token: string | null; staff_id: string | null; kiosk_created_at: number | null }): WalletRow {
    this.sql(
        `INSERT INTO wallet_transactions (id, client_request_id, device_id, seq, member_no, kind, amount, balance_after, voids_transaction_id,
           app_token, staff_id, kiosk_created_at, created_at)
         VALUES (@id, @client_request_id, @device_id, @seq, @member_no, @kind, @amount, @balance_after, @voids_transaction_id,
           @app_token, @staff_id, @kiosk_created_at, @created_at)`,
      )
      .run(row);
    this.sql('UPDATE members SET balance = ? WHERE member_no = ?').run(row.balance_after, row.member_no);
    this.touchMember(row.member_no);
    return { ...row, voided_by: null };
  }

  private applyTopup(deviceId: string, op: SequencedOperation, p: { memberNo: string; amount: number; appToken?: string; staffId?: string; createdAt?: string }): WalletTransaction {
    const member = this.walletMember(p.memberNo);
    if (p.amount > this.limits.maxTopupPerTransaction) {
      throw new PortalProblem('account_money_topup_transfer_limit_exceeded', undefined, { details: { limit: this.limits.maxTopupPerTransaction } });
    }
    if (member.balance + p.amount > this.limits.maxBalance) {
      throw new PortalProblem('account_balance_exceeded', undefined, { details: { limit: this.limits.maxBalance, balance: member.balance } });
    }
    const id = uuid();
    if (p.appToken) this.useToken(p.appToken, p.memberNo, 'charge', id);
    return this.walletView(
      this.insertWallet({
        id,
        client_request_id: op.clientRequestId,
        device_id: deviceId,
        seq: op.seq,
        member_no: p.memberNo,
        kind: 'topup',
        amount: p.amount,
        balance_after: member.balance + p.amount,
        voids_transaction_id: null,
        app_token: p.appToken ?? null,
        staff_id: p.staffId ?? null,
        kiosk_created_at: p.createdAt ? Date.parse(p.createdAt) : null,
        created_at: this.now(),
      }),
    );
  }

  private applyPayment(deviceId: string, op: SequencedOperation, p: { memberNo: string; amount: number; appToken?: string; staffId?: string; createdAt?: string }): WalletTransaction {
    const member = this.walletMember(p.memberNo);
    const id = uuid();
    if (p.appToken) this.useToken(p.appToken, p.memberNo, 'pay', id);
    if (member.balance < p.amount) {
      throw new PortalProblem('account_balance_not_enough', undefined, { details: { balance: member.balance, amount: p.amount } });
    }
    return this.walletView(
      this.insertWallet({
        id,
        client_request_id: op.clientRequestId,
        device_id: deviceId,
        seq: op.seq,
        member_no: p.memberNo,
        kind: 'payment',
        amount: p.amount,
        balance_after: member.balance - p.amount,
        voids_transaction_id: null,
        app_token: p.appToken ?? null,
        staff_id: p.staffId ?? null,
        kiosk_created_at: p.createdAt ? Date.parse(p.createdAt) : null,
        created_at: this.now(),
      }),
    );
  }

  private applyVoid(deviceId: string, op: SequencedOperation, p: { memberNo: string; targetClientRequestId: string; staffId: string; supervisorId: string; createdAt?: string }): WalletTransaction {
    const member = this.memberRow(p.memberNo);
    const target = this.sql('SELECT * FROM wallet_transactions WHERE client_request_id = ? AND member_no = ?').get(p.targetClientRequestId, p.memberNo) as
      | WalletRow
      | undefined;
    if (!target) throw new PortalProblem('transaction_not_found');
    if (target.kind === 'void') throw new PortalProblem('transaction_not_voidable');
    if (target.voided_by !== null) throw new PortalProblem('transaction_already_voided');
    const balance = target.kind === 'topup' ? member.balance - target.amount : member.balance + target.amount;
    if (balance < 0) throw new PortalProblem('account_balance_not_enough', 'The top-up has already been spent.');
    const id = uuid();
    const view = this.walletView(
      this.insertWallet({
        id,
        client_request_id: op.clientRequestId,
        device_id: deviceId,
        seq: op.seq,
        member_no: p.memberNo,
        kind: 'void',
        amount: target.amount,
        balance_after: balance,
        voids_transaction_id: target.id,
        app_token: null,
        staff_id: p.staffId,
        kiosk_created_at: p.createdAt ? Date.parse(p.createdAt) : null,
        created_at: this.now(),
      }),
    );
    this.sql('UPDATE wallet_transactions SET voided_by = ? WHERE id = ?').run(id, target.id);
    return view;
  }

  private applySignup(
    deviceId: string,
    op: SequencedOperation,
    p: { memberNo: string; email: string; verificationId?: string; locale?: 'ja' | 'en'; profile: { name: string; nameKana: string; phone: string; university: string; faculty: string; studentNo: string } },
  ): Signup {
    const member = this.activeMember(p.memberNo);
    if (member.portal_registered === 1) throw new PortalProblem('email_already_registered');
    const email = p.email.toLowerCase();
    const id = uuid();
    const now = this.now();
    let status: Signup['status'] = 'pending_email_confirmation';
    if (p.verificationId) {
      this.consumeVerification(p.verificationId, 'signup', p.memberNo, email);
      status = 'completed';
      this.sql('UPDATE members SET email = ?, phone = ?, name = ?, name_kana = ?, university = ?, faculty = ?, student_no = ?, portal_registered = 1 WHERE member_no = ?')
        .run(email, p.profile.phone, p.profile.name, p.profile.nameKana, p.profile.university, p.profile.faculty, p.profile.studentNo, p.memberNo);
      this.touchMember(p.memberNo);
      this.sendMessage('email', email, '【大学生協】My Portal 登録完了のお知らせ', 'Registration complete. Set your password in the app.', { signupId: id, status });
    } else {
      const url = `https://portal.example.univ.coop/signup/${id}`;
      this.sendMessage('email', email, '【大学生協】My Portal 登録のご案内', `Continue your sign-up within 60 minutes: ${url}`, {
        signupId: id,
        status,
        url,
        expiresAt: iso(now + this.limits.signupUrlTtlMs),
      });
    }
    this.sql('INSERT INTO signups (id, client_request_id, member_no, email, status, profile, device_id, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, op.clientRequestId, p.memberNo, email, status, JSON.stringify(p.profile), deviceId, now, status === 'completed' ? now : null);
    return { signupId: id, memberNo: p.memberNo, maskedEmail: maskEmail(email) ?? '', status, createdAt: iso(now) };
  }

  private applyEmailChange(deviceId: string, op: SequencedOperation, p: { memberNo: string; newEmail: string; verificationId: string }): EmailChange {
    const member = this.memberRow(p.memberNo);
    const open = this.sql("SELECT id FROM email_changes WHERE member_no = ? AND status IN ('requested', 'approved')").get(p.memberNo);
    if (open) throw new PortalProblem('email_change_pending');
    const email = p.newEmail.toLowerCase();
    this.consumeVerification(p.verificationId, 'email_change', p.memberNo, email);
    const id = uuid();
    this.sql("INSERT INTO email_changes (id, client_request_id, member_no, old_email, new_email, status, device_id, requested_at) VALUES (?, ?, ?, ?, ?, 'requested', ?, ?)")
      .run(id, op.clientRequestId, p.memberNo, member.email, email, deviceId, this.now());
    this.sendMessage('email', email, '【大学生協】メールアドレス変更申請を受け付けました', 'Your request waits for staff approval.', { requestId: id, status: 'requested' });
    return this.getEmailChange(id);
  }

  /** One operation in its own savepoint (a refusal rolls back only its own writes). */
  private readonly executeInSavepoint: (deviceId: string, op: SequencedOperation) => unknown;

  private execute(deviceId: string, op: SequencedOperation): unknown {
    const p = op.payload as never;
    switch (op.kind) {
      case 'wallet.topup':
        return this.applyTopup(deviceId, op, p);
      case 'wallet.payment':
        return this.applyPayment(deviceId, op, p);
      case 'wallet.void':
        return this.applyVoid(deviceId, op, p);
      case 'signup.create':
        return this.applySignup(deviceId, op, p);
      case 'email_change.create':
        return this.applyEmailChange(deviceId, op, p);
    }
  }

  // ---------------------------------------------------------------- sequenced operations

  /** Marks client request ids as being processed; false if one already is (→ 409). */
  claim(ids: readonly string[]): boolean {
    if (ids.some((id) => this.inFlight.has(id))) return false;
    for (const id of ids) this.inFlight.add(id);
    return true;
  }

  release(ids: readonly string[]): void {
    for (const id of ids) this.inFlight.delete(id);
  }

  /**
   * Applies sequenced operations in order inside one transaction (a savepoint each).
   * Returns one outcome per operation; after the first deferred one the rest are deferred.
   */
  processOperations(deviceId: string, ops: readonly SequencedOperation[]): { results: OperationOutcome[]; lastSeq: number } {
    this.pruneIdempotencyKeys();
    const results: OperationOutcome[] = [];
    this.db
      .transaction(() => {
        let stopped: ProblemDocument | null = null;
        const startSeq = this.getDevice(deviceId).lastSeq;
        let lastSeq = startSeq;
        // Per-batch bookkeeping (a roster delta only needs a member's last state, the device
        // only its highest seq) is written once at the end, still inside this transaction.
        this.batchTouched = new Set();
        try {
          for (const op of ops) {
            if (stopped) {
              results.push({ clientRequestId: op.clientRequestId, seq: op.seq, kind: op.kind, outcome: 'deferred', status: stopped.status, replayed: false, problem: stopped });
              continue;
            }
            const outcome = this.processOne(deviceId, op, lastSeq);
            if (op.seq === lastSeq + 1 && outcome.outcome !== 'deferred') lastSeq = op.seq;
            if (outcome.outcome === 'deferred') stopped = outcome.problem ?? new PortalProblem('temporarily_unavailable').toProblem();
            results.push(outcome);
          }
        } finally {
          const touched = this.batchTouched;
          this.batchTouched = null;
          for (const memberNo of touched) this.bumpRosterVersion(memberNo);
        }
        if (lastSeq !== startSeq) this.sql('UPDATE devices SET last_seq = ? WHERE device_id = ?').run(lastSeq, deviceId);
      })
      .immediate();
    return { results, lastSeq: this.getDevice(deviceId).lastSeq };
  }

  private processOne(deviceId: string, op: SequencedOperation, lastSeq: number): OperationOutcome {
    const base = { clientRequestId: op.clientRequestId, seq: op.seq, kind: op.kind };
    const device = { lastSeq };
    if (op.seq <= device.lastSeq) {
      const rec = this.sql('SELECT client_request_id, outcome, status, response FROM device_operations WHERE device_id = ? AND seq = ?').get(deviceId, op.seq) as
        | { client_request_id: string; outcome: RecordedOutcome; status: number; response: string }
        | undefined;
      if (rec && rec.client_request_id === op.clientRequestId) return this.fromRecord(base, rec, true);
      const problem = new PortalProblem('sequence_conflict', `Sequence number ${op.seq} was used by another operation.`, { details: { lastSeq: device.lastSeq } }).toProblem();
      return { ...base, outcome: 'rejected', status: problem.status, replayed: false, problem: { ...problem, outcome: 'rejected' } };
    }
    if (op.seq > device.lastSeq + 1) {
      const problem = new PortalProblem('sequence_gap', `Expected sequence number ${device.lastSeq + 1}, got ${op.seq}.`, { details: { expectedSeq: device.lastSeq + 1 } }).toProblem();
      return { ...base, outcome: 'deferred', status: problem.status, replayed: false, problem };
    }
    const fingerprint = sha256(canonicalJson({ kind: op.kind, payload: op.payload }));
    const key = this.sql('SELECT device_id, fingerprint, status, response FROM idempotency_keys WHERE key = ?').get(op.clientRequestId) as
      | { device_id: string; fingerprint: string; status: number; response: string }
      | undefined;
    let recorded: { outcome: RecordedOutcome; status: number; body: unknown; replayed: boolean };
    if (key) {
      if (key.device_id !== deviceId || key.fingerprint !== fingerprint) {
        const problem = { ...new PortalProblem('idempotency_key_reused').toProblem(), outcome: 'rejected' as const };
        recorded = { outcome: 'rejected', status: problem.status, body: problem, replayed: false };
      } else {
        const stored = JSON.parse(key.response) as { outcome: RecordedOutcome; body: unknown };
        recorded = { outcome: stored.outcome, status: key.status, body: stored.body, replayed: true };
      }
    } else {
      recorded = this.runFresh(deviceId, op, fingerprint);
    }
    this.sql('INSERT INTO device_operations (device_id, seq, client_request_id, kind, outcome, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(deviceId, op.seq, op.clientRequestId, op.kind, recorded.outcome, recorded.status, JSON.stringify(recorded.body), this.now());
    if (recorded.outcome === 'applied') return { ...base, outcome: 'applied', status: recorded.status, replayed: recorded.replayed, result: recorded.body as Record<string, unknown> };
    return { ...base, outcome: recorded.outcome, status: recorded.status, replayed: recorded.replayed, problem: recorded.body as ProblemDocument };
  }

  private runFresh(deviceId: string, op: SequencedOperation, fingerprint: string): { outcome: RecordedOutcome; status: number; body: unknown; replayed: boolean } {
    const schema = PAYLOAD_SCHEMA[op.kind];
    const errors = schemaValidator(schema, '/payload')(op.payload);
    if (errors) {
      const problem = { ...new PortalProblem('invalid_request', `The payload does not match ${schema}.`, { errors }).toProblem(), outcome: 'rejected' as const };
      return { outcome: 'rejected', status: 400, body: problem, replayed: false };
    }
    let result: { outcome: RecordedOutcome; status: number; body: unknown; replayed: boolean };
    try {
      const body = this.executeInSavepoint(deviceId, op);
      result = { outcome: 'applied', status: 201, body, replayed: false };
    } catch (error) {
      if (!(error instanceof PortalProblem)) throw error;
      const declined = DECLINE_CODES.has(error.code);
      const problem = { ...error.toProblem(), outcome: declined ? ('declined' as const) : ('rejected' as const) };
      result = { outcome: declined ? 'declined' : 'rejected', status: problem.status, body: problem, replayed: false };
      if (declined && op.kind.startsWith('wallet.')) {
        const p = op.payload as { memberNo: string; amount?: number };
        this.sql('INSERT OR IGNORE INTO wallet_declines (client_request_id, device_id, seq, member_no, kind, amount, code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(op.clientRequestId, deviceId, op.seq, p.memberNo, op.kind.slice('wallet.'.length), p.amount ?? 0, error.code, this.now());
      }
    }
    // Applied and declined answers are bound to the id (a repeat replays them); a rejection
    // (bad payload, unknown member) is not, so the same id may be sent again once fixed.
    if (result.outcome !== 'rejected') {
      const now = this.now();
      this.sql("INSERT INTO idempotency_keys (key, device_id, fingerprint, state, status, response, created_at, expires_at) VALUES (?, ?, ?, 'done', ?, ?, ?, ?)")
        .run(op.clientRequestId, deviceId, fingerprint, result.status, JSON.stringify({ outcome: result.outcome, body: result.body }), now, now + this.limits.idempotencyRetentionMs);
    }
    return result;
  }

  private fromRecord(base: { clientRequestId: string; seq: number; kind: OperationKind }, rec: { outcome: RecordedOutcome; status: number; response: string }, replayed: boolean): OperationOutcome {
    const body = JSON.parse(rec.response) as unknown;
    if (rec.outcome === 'applied') return { ...base, outcome: 'applied', status: rec.status, replayed, result: body as Record<string, unknown> };
    return { ...base, outcome: rec.outcome, status: rec.status, replayed, problem: body as ProblemDocument };
  }

  private lastPrune = 0;

  /** Drops expired idempotency keys (kept `idempotencyRetentionMs`, at least 7 days). */
  pruneIdempotencyKeys(): void {
    const now = this.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    this.sql('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now);
  }
}
