import type { CounterFlow, CounterStep, SignupProfileDraft } from '../../shared/api/registration';
import type { RepairProblemKind } from '../../shared/api/repair';
import type { SqliteDatabase } from '../db/database';
import type { DraftCipher } from '../db/sealing';
import { truncateWal } from '../db/wal-checkpointer';

/** What the portal told us about the member at identification (kept only inside the sealed draft). */
export interface DraftMember {
  name: string;
  nameKana: string;
  maskedEmail: string | null;
  portalRegistered: boolean;
  source: 'portal' | 'roster';
}

export interface DraftVerification {
  verificationId: string;
  maskedEmail: string;
  expiresAt: number;
  /** How long the portal's codes live (ms), from its answer; absent in drafts sealed before it was kept. */
  lifetimeMs?: number;
  resendAvailableAt: number;
  codesRemaining: number;
  attemptsRemaining: number;
  verified: boolean;
}

/** Everything personal a flow holds; stored only sealed (AES-256-GCM). */
export interface DraftData {
  memberNo: string;
  /** HMAC of member number + birthdate: a resume asks for the birthdate again, offline too. */
  birthCheck: string;
  member: DraftMember;
  /** Pre-fill from the member record. */
  prefill: SignupProfileDraft | null;
  email: string | null;
  verification: DraftVerification | null;
  deferredVerification: boolean;
  profile: SignupProfileDraft | null;
  locale: 'ja' | 'en';
  /** Repair request: what the student picked from the failure list (absent in the other flows). */
  repairProblems?: RepairProblemKind[];
  /** Wrong birthdates typed to resume this draft (absent in drafts saved before it was counted). */
  wrongBirthdates?: number;
}

export interface Draft {
  id: string;
  flow: Exclude<CounterFlow, 'lookup'>;
  memberKey: string;
  step: CounterStep;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  data: DraftData;
}

interface DraftRow {
  id: string;
  flow: Draft['flow'];
  member_key: string;
  step: CounterStep;
  created_at: number;
  updated_at: number;
  expires_at: number;
  sealed: Buffer;
}

const aad = (id: string, flow: string) => `counter_drafts:${id}:${flow}`;

/**
 * Drafts on disk: one per flow and member, sealed, found by the member's keyed fingerprint.
 * Deleting is real deletion: the module turns on `secure_delete` and truncates the WAL after a
 * purge, so a finished or expired draft leaves nothing readable behind.
 */
export class DraftRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly cipher: DraftCipher,
  ) {}

  memberKey(memberNo: string): string {
    return this.cipher.fingerprint('member', memberNo);
  }

  birthCheck(memberNo: string, birthDate: string): string {
    return this.cipher.fingerprint('birth', `${memberNo}:${birthDate}`);
  }

  findFor(flow: Draft['flow'], memberNo: string): Draft | null {
    const row = this.db.prepare('SELECT * FROM counter_drafts WHERE flow = ? AND member_key = ?').get(flow, this.memberKey(memberNo)) as DraftRow | undefined;
    return row ? this.toDraft(row) : null;
  }

  /** The newest unfinished draft of a member, any flow (steps and times only: nothing sealed is opened). */
  hintFor(memberNo: string): Pick<Draft, 'flow' | 'step' | 'updatedAt' | 'expiresAt'> | null {
    const row = this.db
      .prepare('SELECT flow, step, updated_at, expires_at FROM counter_drafts WHERE member_key = ? ORDER BY updated_at DESC LIMIT 1')
      .get(this.memberKey(memberNo)) as Pick<DraftRow, 'flow' | 'step' | 'updated_at' | 'expires_at'> | undefined;
    return row ? { flow: row.flow, step: row.step, updatedAt: row.updated_at, expiresAt: row.expires_at } : null;
  }

  get(id: string): Draft | null {
    const row = this.db.prepare('SELECT * FROM counter_drafts WHERE id = ?').get(id) as DraftRow | undefined;
    return row ? this.toDraft(row) : null;
  }

  /** Insert or replace (same id). */
  save(draft: Draft): void {
    this.db
      .prepare(
        `INSERT INTO counter_drafts (id, flow, member_key, step, created_at, updated_at, expires_at, sealed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at, expires_at = excluded.expires_at, sealed = excluded.sealed`,
      )
      .run(draft.id, draft.flow, draft.memberKey, draft.step, draft.createdAt, draft.updatedAt, draft.expiresAt, this.cipher.seal(draft.data, aad(draft.id, draft.flow)));
  }

  /** Rewrites a draft that still exists; false when it was deleted meanwhile (nothing is written then). */
  update(draft: Draft): boolean {
    return (
      this.db
        .prepare('UPDATE counter_drafts SET step = ?, updated_at = ?, expires_at = ?, sealed = ? WHERE id = ?')
        .run(draft.step, draft.updatedAt, draft.expiresAt, this.cipher.seal(draft.data, aad(draft.id, draft.flow)), draft.id).changes > 0
    );
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM counter_drafts WHERE id = ?').run(id).changes > 0;
  }

  /** Deletes drafts past their lifetime; returns how many. */
  deleteExpired(now: number): number {
    return this.db.prepare('DELETE FROM counter_drafts WHERE expires_at <= ?').run(now).changes;
  }

  private toDraft(row: DraftRow): Draft {
    return {
      id: row.id,
      flow: row.flow,
      memberKey: row.member_key,
      step: row.step,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
      data: this.cipher.open<DraftData>(row.sealed, aad(row.id, row.flow)),
    };
  }
}

/**
 * Makes deleted personal data unreadable on disk: deleted cells and freed pages are zeroed
 * (`secure_delete`, set by the module on the connection) and the WAL, which still holds the old
 * page images, is checkpointed and truncated.
 */
export function purgeDeletedPages(db: SqliteDatabase): void {
  truncateWal(db);
}
