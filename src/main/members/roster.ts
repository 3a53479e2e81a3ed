import type { Member, MemberStatus, RosterMember } from '../../shared/portal-api/types';
import type { SqliteDatabase } from '../db/database';
import { prepared } from '../db/sql';
import { withReplayableCommits } from '../db/replayable-commits';
import type { PortalClient } from '../sync/portal-client/client';
import { PortalError } from '../sync/portal-client/errors';
import { systemClock, type Clock } from '../sync/clock';
import type { SealingSource } from '../db/sealing';

/** A member as the local roster keeps it: the portal's member without its profile, as of the last pull. */
export type LocalMember = Omit<Member, 'asOf' | 'profile' | 'portalRegistered'> & { portalRegistered: boolean };

export interface MemberLookup {
  member: LocalMember;
  /** portal: answered live; roster: from the local copy. */
  source: 'portal' | 'roster';
  /** When the data was true (epoch ms): the portal's answer time, or the last roster pull. */
  asOf: number;
}

interface RosterRow {
  member_no: string;
  card_barcode: string;
  status: MemberStatus;
  portal_registered: number;
  balance: number;
  version: number;
  updated_at: number;
  /** Sealed `SealedNames` (migration 0006). */
  sealed: Buffer;
}

/** What the roster keeps sealed of a member: AES-256-GCM under the core's at-rest key, AAD bound to the member number. */
interface SealedNames {
  name: string;
  nameKana: string;
  maskedEmail: string | null;
}

/** A row whose names do not open (a key that cannot be read, or a foreign key after a restore). */
const NAMES_UNAVAILABLE: SealedNames = { name: '', nameKana: '', maskedEmail: null };

const rosterAad = (memberNo: string) => `roster_members:${memberNo}`;

const CURSOR_KEY = 'roster_cursor';
const AS_OF_KEY = 'roster_as_of';

function toLocal(r: RosterRow, names: SealedNames): LocalMember {
  return {
    memberNo: r.member_no,
    cardBarcode: r.card_barcode,
    name: names.name,
    nameKana: names.nameKana,
    status: r.status,
    maskedEmail: names.maskedEmail,
    portalRegistered: r.portal_registered === 1,
    balance: r.balance,
  };
}

function getState(db: SqliteDatabase, key: string): string | null {
  const row = prepared(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

function setState(db: SqliteDatabase, key: string, value: string): void {
  prepared(db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Candidate member numbers inside card data: Codabar (A…A), Code 128 (CM…), or bare. */
function memberNoFromCard(barcode: string): string | null {
  const digits = barcode.replace(/^CM/, '').replace(/^[A-Da-d]|[A-Da-d]$/g, '');
  if (/^\d{10}$/.test(digits)) return digits;
  if (/^\d{11}$/.test(digits)) return digits.slice(0, 10);
  return null;
}

/**
 * The local member roster: answers lookups offline, with an "as of" time. Names, furigana and
 * the masked e-mail are sealed at rest with the core's key (`sealing`); a row whose names do not
 * open still answers with its member number, status and balance, and an empty name (shown as
 * "name unavailable").
 */
export class RosterStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly sealing: SealingSource,
  ) {}

  /** Time of the last completed roster pull (epoch ms), null before the first. */
  asOf(): number | null {
    const value = getState(this.db, AS_OF_KEY);
    return value === null ? null : Number(value);
  }

  cursor(): string | null {
    return getState(this.db, CURSOR_KEY);
  }

  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM roster_members').get() as { n: number }).n;
  }

  /**
   * One page of the delta and the new cursor, in one transaction. With `requestedWith` (the
   * cursor the page was asked for), a page whose pull was overtaken is not applied and false is
   * returned: the admin wipe (or a key change) reset the cursor while the page was on its way,
   * and writing it would skip every member the reset was meant to bring back.
   */
  applyPage(members: readonly RosterMember[], nextCursor: string, asOf: number | null, now: number, requestedWith?: string | null): boolean {
    const upsert = prepared(this.db, 
      `INSERT INTO roster_members (member_no, card_barcode, status, portal_registered, balance, version, updated_at, sealed)
       VALUES (@memberNo, @cardBarcode, @status, @portalRegistered, @balance, @version, @now, @sealed)
       ON CONFLICT (member_no) DO UPDATE SET card_barcode = excluded.card_barcode, status = excluded.status,
         portal_registered = excluded.portal_registered, balance = excluded.balance, version = excluded.version,
         updated_at = excluded.updated_at, sealed = excluded.sealed
       WHERE excluded.version >= roster_members.version AND excluded.updated_at >= roster_members.updated_at`,
    );
    // No key, no page: nothing is ever written in clear (the pull fails and is tried again later).
    const cipher = this.sealing();
    const apply = this.db.transaction(() => {
      if (requestedWith !== undefined && this.cursor() !== requestedWith) return false;
      for (const m of members) {
        upsert.run({
          memberNo: m.memberNo,
          cardBarcode: m.cardBarcode,
          status: m.status,
          sealed: cipher.seal({ name: m.name, nameKana: m.nameKana, maskedEmail: m.maskedEmail } satisfies SealedNames, rosterAad(m.memberNo)),
          portalRegistered: m.portalRegistered ? 1 : 0,
          balance: m.balance,
          version: m.version,
          now,
        });
      }
      setState(this.db, CURSOR_KEY, nextCursor);
      if (asOf !== null) setState(this.db, AS_OF_KEY, String(asOf));
      return true;
    });
    // A cache of the portal's roster: a page a power cut takes back is pulled again from the older cursor.
    return withReplayableCommits(this.db, () => apply.immediate());
  }

  /**
   * Refreshes one member from a live answer read at `asOf` (the cursor does not move; an answer
   * older than the cached row changes nothing). When the key cannot be
   * read the answer is not cached (it is never written in clear); returns whether it was.
   */
  refresh(member: Member, asOf: number): boolean {
    let sealed: Buffer;
    try {
      sealed = this.sealing().seal({ name: member.name, nameKana: member.nameKana, maskedEmail: member.maskedEmail } satisfies SealedNames, rosterAad(member.memberNo));
    } catch {
      return false;
    }
    const upsert = prepared(
      this.db,
      `INSERT INTO roster_members (member_no, card_barcode, status, portal_registered, balance, version, updated_at, sealed)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (member_no) DO UPDATE SET card_barcode = excluded.card_barcode, status = excluded.status,
         portal_registered = excluded.portal_registered, balance = excluded.balance, updated_at = excluded.updated_at, sealed = excluded.sealed
       WHERE excluded.updated_at >= roster_members.updated_at`,
    );
    // Every scan's live answer lands here: a cached copy that a power cut may take back (the
    // next answer or pull brings it again), so its commit does not hold the loop on an fsync.
    withReplayableCommits(this.db, () => upsert.run(member.memberNo, member.cardBarcode, member.status, member.portalRegistered ? 1 : 0, member.balance, asOf, sealed));
    return true;
  }

  private rowAsOf(row: RosterRow): number {
    return Math.max(row.updated_at, 0);
  }

  /** The row's names, or empty ones when they do not open: a lookup never fails on the key. */
  private names(row: RosterRow): SealedNames {
    let cipher: ReturnType<SealingSource>;
    try {
      cipher = this.sealing();
    } catch {
      return NAMES_UNAVAILABLE;
    }
    try {
      return cipher.open<SealedNames>(row.sealed, rosterAad(row.member_no));
    } catch {
      // Sealed under another key (a data folder restored with a foreign key file): the next
      // pull starts from the beginning, so every member comes back sealed with the current key.
      prepared(this.db, 'DELETE FROM sync_state WHERE key = ?').run(CURSOR_KEY);
      return NAMES_UNAVAILABLE;
    }
  }

  private lookup(row: RosterRow): MemberLookup {
    return { member: toLocal(row, this.names(row)), source: 'roster', asOf: this.rowAsOf(row) };
  }

  byMemberNo(memberNo: string): MemberLookup | null {
    const row = prepared(this.db, 'SELECT * FROM roster_members WHERE member_no = ?').get(memberNo) as RosterRow | undefined;
    return row ? this.lookup(row) : null;
  }

  byCardBarcode(barcode: string): MemberLookup | null {
    const row = prepared(this.db, 'SELECT * FROM roster_members WHERE card_barcode = ?').get(barcode) as RosterRow | undefined;
    if (row) return this.lookup(row);
    const memberNo = memberNoFromCard(barcode);
    return memberNo ? this.byMemberNo(memberNo) : null;
  }
}

export interface RosterSyncOptions {
  db: SqliteDatabase;
  client: PortalClient;
  clock?: Clock;
  pageSize?: number;
  /** Bound on pages per pull, so one pull always ends. Default 1,000. */
  maxPages?: number;
  /** The core's at-rest key: the roster's names are sealed with it. */
  sealing: SealingSource;
}

/** Pulls the roster delta (cursor, oldest change first) into the local table. */
export class RosterSync {
  readonly store: RosterStore;
  private readonly clock: Clock;
  private pulling: Promise<{ pages: number; members: number; cursor: string | null }> | null = null;

  constructor(private readonly options: RosterSyncOptions) {
    this.store = new RosterStore(options.db, options.sealing);
    this.clock = options.clock ?? systemClock;
  }

  /** Follows `nextCursor` until `hasMore` is false. Concurrent calls share one pull. */
  pull(): Promise<{ pages: number; members: number; cursor: string | null }> {
    this.pulling ??= this.run().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private async run(): Promise<{ pages: number; members: number; cursor: string | null }> {
    let cursor = this.store.cursor();
    let pages = 0;
    let members = 0;
    const maxPages = this.options.maxPages ?? 1_000;
    while (pages < maxPages) {
      const page = await this.options.client.getRoster(cursor, this.options.pageSize ?? 500);
      pages += 1;
      members += page.members.length;
      const done = !page.hasMore;
      // Row times are the page's answer time; the roster "as of" moves only when caught up.
      const asOf = Date.parse(page.asOf);
      if (!this.store.applyPage(page.members, page.nextCursor, done ? asOf : null, Number.isNaN(asOf) ? this.clock.now() : asOf, cursor)) {
        // Overtaken (the cursor was reset meanwhile): the next pull starts from the new cursor.
        return { pages, members, cursor: this.store.cursor() };
      }
      cursor = page.nextCursor;
      if (done) break;
    }
    return { pages, members, cursor };
  }
}

/**
 * Member lookups for the register and the registration flow: live from the portal when it
 * answers, else from the local roster with its "as of" time. A member the portal does not
 * know is null, never a stale copy.
 */
export class MemberDirectory {
  private readonly clock: Clock;

  constructor(
    private readonly store: RosterStore,
    private readonly client: PortalClient | null,
    clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async byMemberNo(memberNo: string): Promise<MemberLookup | null> {
    return this.lookup(() => this.client?.getMember(memberNo), () => this.store.byMemberNo(memberNo));
  }

  async byCardBarcode(barcode: string): Promise<MemberLookup | null> {
    return this.lookup(() => this.client?.getMemberByCard(barcode), () => this.store.byCardBarcode(barcode));
  }

  private async lookup(live: () => Promise<Member> | undefined, local: () => MemberLookup | null): Promise<MemberLookup | null> {
    const call = live();
    if (!call) return local();
    try {
      const member = await call;
      const parsed = Date.parse(member.asOf);
      // Stamped with the portal's read time, not the arrival time: an answer read before a batch
      // was applied must not look newer than that batch's settled balances.
      const asOf = Number.isNaN(parsed) ? this.clock.now() : parsed;
      this.store.refresh(member, asOf);
      return { member: toLocalMember(member), source: 'portal', asOf };
    } catch (error) {
      if (error instanceof PortalError && error.status === 404) return null;
      if (error instanceof PortalError && (error.disposition === 'transient' || error.status === null)) return local();
      throw error;
    }
  }
}

/** The portal's member as the kiosk keeps it (no profile, no answer time). */
export function toLocalMember(member: Member): LocalMember {
  const { memberNo, cardBarcode, name, nameKana, status, maskedEmail, portalRegistered, balance } = member;
  return { memberNo, cardBarcode, name, nameKana, status, maskedEmail, portalRegistered, balance };
}
