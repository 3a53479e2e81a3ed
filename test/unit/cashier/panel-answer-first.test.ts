/**
 * Issue 18: a scan's member panel answers from the roster first; the request for the portal's
 * live figures starts only after that answer has been written (building the request cost as
 * much as the whole answer), and a confirm still waits for it.
 */
import { describe, expect, it } from 'vitest';
import type { CashierDeps } from '../../../src/main/cashier/cashier-deps';
import { MemberPanels } from '../../../src/main/cashier/member-panel';
import { openKioskDatabase } from '../../../src/main/db/database';
import type { LocalMember, MemberLookup } from '../../../src/main/members';

const TARO: LocalMember = { memberNo: '2024000001', cardBarcode: 'A2024000001A', name: '山田 太郎', nameKana: 'ヤマダ タロウ', status: 'active', maskedEmail: null, portalRegistered: true, balance: 5_000 };

function panels(events: string[]): MemberPanels {
  const db = openKioskDatabase(':memory:');
  const cached: MemberLookup = { member: TARO, source: 'roster', asOf: 1_000 };
  const deps = {
    now: () => 2_000,
    db: () => db,
    staff: () => ({ require: () => ({}) }),
    portal: () => ({ online: () => true }),
    members: () => ({
      roster: { byMemberNo: () => cached },
      lookup: async () => {
        events.push('live request');
        return { member: { ...TARO, balance: 4_500 }, source: 'portal', asOf: 1_500 } satisfies MemberLookup;
      },
    }),
    standing: { disabled: false },
    onMemberRefreshed: (panel: { balance: { lastKnown: number } }) => events.push(`refreshed ${panel.balance.lastKnown}`),
    log: () => undefined,
  } as unknown as CashierDeps;
  return new MemberPanels(deps);
}

describe('the member panel of a scan', () => {
  it('answers from the roster before the live request to the portal starts', async () => {
    const events: string[] = [];
    const register = panels(events);
    const panel = await register.openMember(TARO.memberNo);
    events.push(`answered ${panel.balance.lastKnown}`);
    await register.liveRefresh;
    expect(events).toEqual(['answered 5000', 'live request', 'refreshed 4500']);
  });
});
