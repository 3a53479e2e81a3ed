import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../../shared/errors';
import type { StaffSession } from '../../shared/kiosk-api';
import type { SqliteDatabase } from '../db/database';
import { fsyncDirectory, writeFileDurably } from '../db/durable-file';
import { appendAudit } from './audit';
import { hashPin, verifyPin } from './pin-hash';
import { checkPinChoice } from './pin-rules';
import type { StaffService } from './staff-service';

/** The set-up code's hash in the data folder (the code itself is never written anywhere but stdout). */
export const SETUP_CODE_FILE = 'setup-code.json';
/** Wrong codes in a row before the code is replaced by a new one and tries wait. */
export const MAX_WRONG_SETUP_CODES = 5;
/** How long tries wait after that many wrong codes. */
export const SETUP_LOCK_MS = 60_000;
/** How long a printed code works: a code left on a screen or a photo of the console is useless after this. */
export const SETUP_CODE_TTL_MS = 30 * 60_000;

export interface FirstAdminSetupOptions {
  dataDir: string;
  db(): SqliteDatabase;
  staff(): Pick<StaffService, 'countStaff' | 'addStaff' | 'signIn'>;
  /** The clock the code's age is measured on (ms); tests pass a fake one. */
  now(): number;
  /** Off in demo mode and with KIOSK_INITIAL_ADMIN_PIN (those make the first staff themselves). */
  enabled: boolean;
  /** Where the code is shown: the process's stdout only (the log files are on disk; they only say a code was printed). */
  announce(line: string): void;
  log(line: string): void;
  /** Eight digits; tests pass their own. */
  newCode?(): string;
}

/**
 * The first administrator of a kiosk outside demo mode (issue 14 item 6). While there are no
 * staff, each start prints a fresh random 8-digit code on stdout and keeps only its scrypt hash
 * (durably, in the data folder); the set-up screen asks for it, then for the admin's staff number
 * and new PIN. The code works once, for 30 minutes: a code typed later is refused and a new one is
 * printed then (the manager looks at the console or launcher again). Five wrong codes replace it
 * with a new one (printed again) and make tries wait a minute. Checks run one at a time, so
 * parallel guesses cannot slip past the count.
 */
export class FirstAdminSetup {
  private wrong = 0;
  private lockedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: FirstAdminSetupOptions) {}

  /** The set-up screen is due: no active staff and no other way to make the first one. */
  required(): boolean {
    return this.options.enabled && this.options.staff().countStaff() === 0;
  }

  /** A new code for this start (the previous one stops working); printed on stdout. */
  async renew(): Promise<void> {
    const code = this.options.newCode?.() ?? String(randomInt(0, 100_000_000)).padStart(8, '0');
    const hash = await hashPin(code);
    writeFileDurably(this.file(), Buffer.from(JSON.stringify({ hash, createdAt: this.options.now() })));
    this.options.announce(`Kiosk set-up code (first administrator, works once, for 30 minutes): ${code}`);
    this.options.log('kiosk: no staff yet: the set-up screen is shown and a one-time set-up code was printed on stdout');
  }

  /** Is this the printed code? Counts towards the limit; the code stays valid. */
  check(code: string): Promise<void> {
    return this.serialised(() => this.checkNow(code));
  }

  /** Creates the first administrator with the code (then spent) and signs them in. */
  createAdmin(input: { code: string; staffNo: string; pin: string }): Promise<StaffSession> {
    return this.serialised(async () => {
      await this.checkNow(input.code);
      checkPinChoice(input.pin, input.staffNo);
      const staff = this.options.staff();
      const admin = await staff.addStaff({ staffNo: input.staffNo, displayName: '管理者 (Administrator)', role: 'admin', pin: input.pin });
      appendAudit(this.options.db(), { at: this.options.now(), staffId: admin.id, action: 'staff.first_admin_created', detail: { staffId: admin.id, staffNo: input.staffNo } });
      rmSync(this.file(), { force: true });
      fsyncDirectory(this.options.dataDir);
      this.options.log(`kiosk: first administrator created (staff number ${input.staffNo}); the set-up code is spent`);
      return staff.signIn(input.staffNo, input.pin);
    });
  }

  private async checkNow(code: string): Promise<void> {
    if (!this.required()) throw new KioskError('setup_not_needed', 'This kiosk has staff already: sign in on the staff pad.');
    const now = this.options.now();
    if (now < this.lockedUntil) throw locked(this.lockedUntil - now);
    const stored = this.storedCode();
    // A clock set back by as much counts too, so a code never outlives its half hour.
    if (stored && Math.abs(now - stored.createdAt) >= SETUP_CODE_TTL_MS) {
      // Too old, right or wrong: a new code on stdout, and the screen says where to look for it.
      await this.renew();
      throw new KioskError('setup_code_expired', 'The set-up code is more than 30 minutes old and no longer works: a new code was printed on the kiosk’s console (its terminal or launcher); type that one.', {
        validMinutes: SETUP_CODE_TTL_MS / 60_000,
      });
    }
    if (stored && (await verifyPin(code, stored.hash))) {
      this.wrong = 0;
      return;
    }
    this.wrong += 1;
    if (this.wrong < MAX_WRONG_SETUP_CODES && stored) {
      throw new KioskError('setup_code_wrong', 'That is not the set-up code printed when the kiosk started.', { attemptsLeft: MAX_WRONG_SETUP_CODES - this.wrong });
    }
    // Too many wrong codes (or no code on disk): a new code, and a pause before the next try.
    this.wrong = 0;
    this.lockedUntil = this.options.now() + SETUP_LOCK_MS;
    await this.renew();
    throw locked(SETUP_LOCK_MS);
  }

  /** The code's hash and when it was printed; a file without a time counts as printed long ago. */
  private storedCode(): { hash: string; createdAt: number } | null {
    if (!existsSync(this.file())) return null;
    try {
      const { hash, createdAt } = JSON.parse(readFileSync(this.file(), 'utf8')) as { hash?: unknown; createdAt?: unknown };
      if (typeof hash !== 'string') return null;
      return { hash, createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : Number.NEGATIVE_INFINITY };
    } catch {
      return null;
    }
  }

  private file(): string {
    return join(this.options.dataDir, SETUP_CODE_FILE);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function locked(ms: number): KioskError {
  return new KioskError('setup_locked', 'Too many wrong set-up codes: a new code was printed; wait, then type the new one.', { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });
}
