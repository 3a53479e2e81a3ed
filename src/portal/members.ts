import type { PortalContext } from './context';
import { PortalProblem } from './problem';
import { memberCardBarcode } from './app-token-format';
import { iso, maskEmail } from './util';
import type { Member, RosterPage } from '../shared/portal-api/types';

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

export interface MemberRow {
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

/**
 * Members and the roster: lookups, the seed/admin upsert, and the roster version every change
 * moves (a kiosk pulls the members whose version is past its cursor).
 */
export class Members {
  /** Members changed by the batch being applied: their roster version moves once, at its end. */
  private batchTouched: Set<string> | null = null;

  constructor(private readonly ctx: PortalContext) {}

  upsertMembers(members: readonly SeedMember[]): number {
    const stmt = this.ctx.sql(
      `INSERT INTO members (member_no, card_barcode, name, name_kana, birth_date, email, phone, university, faculty, student_no,
                            status, portal_registered, balance, version, updated_at)
       VALUES (@memberNo, @cardBarcode, @name, @nameKana, @birthDate, @email, @phone, @university, @faculty, @studentNo,
               @status, @portalRegistered, @balance, @version, @now)
       ON CONFLICT (member_no) DO UPDATE SET card_barcode = excluded.card_barcode, name = excluded.name, name_kana = excluded.name_kana,
         birth_date = excluded.birth_date, email = excluded.email, phone = excluded.phone, university = excluded.university,
         faculty = excluded.faculty, student_no = excluded.student_no, status = excluded.status,
         portal_registered = excluded.portal_registered, balance = excluded.balance, version = excluded.version, updated_at = excluded.updated_at`,
    );
    this.ctx.db.transaction(() => {
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
          now: this.ctx.now(),
        });
      }
    })();
    return members.length;
  }

  private nextRosterVersion(): number {
    const row = this.ctx.sql("UPDATE counters SET value = value + 1 WHERE name = 'roster_version' RETURNING value").get() as { value: number };
    return row.value;
  }

  /** Records that a member changed (at once, or at the end of the batch being applied). */
  touchMember(memberNo: string): void {
    if (this.batchTouched) this.batchTouched.add(memberNo);
    else this.bumpRosterVersion(memberNo);
  }

  /** Runs `work` as one batch: each member it touches gets one new roster version, at the end. */
  inBatch<T>(work: () => T): T {
    this.batchTouched = new Set();
    try {
      return work();
    } finally {
      const touched = this.batchTouched;
      this.batchTouched = null;
      for (const memberNo of touched) this.bumpRosterVersion(memberNo);
    }
  }

  private bumpRosterVersion(memberNo: string): void {
    this.ctx.sql('UPDATE members SET version = ?, updated_at = ? WHERE member_no = ?').run(this.nextRosterVersion(), this.ctx.now(), memberNo);
  }

  memberRow(memberNo: string): MemberRow {
    const row = this.ctx.sql('SELECT * FROM members WHERE member_no = ?').get(memberNo) as MemberRow | undefined;
    if (!row) throw new PortalProblem('member_not_found');
    return row;
  }

  activeMember(memberNo: string): MemberRow {
    const row = this.memberRow(memberNo);
    if (row.status !== 'active') throw new PortalProblem('member_not_active');
    return row;
  }

  toMember(row: MemberRow, withProfile = false): Member {
    const member: Member = {
      memberNo: row.member_no,
      cardBarcode: row.card_barcode,
      name: row.name,
      nameKana: row.name_kana,
      status: row.status,
      maskedEmail: maskEmail(row.email),
      portalRegistered: row.portal_registered === 1,
      balance: row.balance,
      asOf: iso(this.ctx.now()),
    };
    if (withProfile) member.profile = { phone: row.phone, university: row.university, faculty: row.faculty, studentNo: row.student_no };
    return member;
  }

  getMember(memberNo: string): Member {
    return this.toMember(this.memberRow(memberNo));
  }

  getMemberByCard(barcode: string): Member {
    const exact = this.ctx.sql('SELECT * FROM members WHERE card_barcode = ?').get(barcode) as MemberRow | undefined;
    if (exact) return this.toMember(exact);
    // A bare member number, or Codabar data whose start/stop or check digit differ from ours.
    const digits = barcode.replace(/^CM/, '').replace(/^[A-Da-d]|[A-Da-d]$/g, '');
    for (const candidate of [digits, digits.slice(0, 10)]) {
      if (/^\d{10}$/.test(candidate)) {
        const row = this.ctx.sql('SELECT * FROM members WHERE member_no = ?').get(candidate) as MemberRow | undefined;
        if (row) return this.toMember(row);
      }
    }
    throw new PortalProblem('member_not_found');
  }

  rosterPage(cursor: string | undefined, limit: number): RosterPage {
    const after = cursor === undefined ? 0 : Number(cursor);
    const rows = this.ctx.sql('SELECT * FROM members WHERE version > ? ORDER BY version LIMIT ?').all(after, limit + 1) as MemberRow[];
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
      asOf: iso(this.ctx.now()),
    };
  }
}
