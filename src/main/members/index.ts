/** The members room's public entry: the roster pulled from the portal and the member lookup. */
import type { MemberLookup, RosterStore } from './roster';

export { RosterStore, RosterSync, MemberDirectory, toLocalMember, type LocalMember, type MemberLookup, type RosterSyncOptions } from './roster';
export { RosterSchedule, type RosterScheduleOptions } from './roster-schedule';

/** What other rooms read of the members: the local roster, and a lookup that asks the portal first. */
export interface MemberSource {
  roster: Pick<RosterStore, 'byMemberNo' | 'byCardBarcode' | 'refresh'>;
  /** Live from the portal when it answers, else the local roster with its "as of" time. */
  lookup(memberNo: string): Promise<MemberLookup | null>;
}
