import { describe, expect, it } from 'vitest';
import type { CounterFlowView } from '../../../src/shared/api/registration';
import { KioskError } from '../../../src/shared/errors';
import { HandoffSlipPrinting, MAX_SLIPS_PER_SIGNUP, type SlipPrinters } from '../../../src/main/counter/handoff-slip-printing';

const GUIDE = 'https://vsign.jp/';

function flow(overrides: Partial<CounterFlowView> = {}): CounterFlowView {
  return {
    flowId: 'flow-1',
    flow: 'signup',
    step: 'done',
    memberNo: '2024000002',
    expiresAt: 0,
    resumed: false,
    member: { name: '佐藤 花子', nameKana: 'サトウ ハナコ', maskedEmail: null, portalRegistered: false, source: 'portal' },
    email: 'hanako.sato+coop@docomo.ne.jp',
    emailMatchesRegistered: null,
    carrier: null,
    deferredVerification: false,
    code: null,
    profile: null,
    submission: null,
    emailChanges: [],
    repairProblems: null,
    ...overrides,
  };
}

function printers(configured = true): SlipPrinters & { documents: string[] } {
  const documents: string[] = [];
  return { documents, configured: () => configured, print: (document) => Promise.resolve(documents.push(document) && 1), storeName: () => '生協テスト店' };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof KioskError ? error.code : String(error);
  }
  return 'no error';
}

describe('the printed hand-off slip of a sign-up', () => {
  it('prints the QR to the password guide, the checklist in the student language and only the masked address', async () => {
    const p = printers();
    expect(await new HandoffSlipPrinting(p, () => GUIDE).print(flow(), 'en')).toEqual({ printers: 1 });
    const [document] = p.documents;
    expect(document).toContain(`{code: ${GUIDE}; option: qrcode`);
    expect(document).toContain('App setup checklist');
    expect(document).toContain('h***@d***.jp');
    for (const personal of ['hanako', 'sato', '2024000002', '佐藤', 'サトウ']) expect(document).not.toContain(personal);
  });

  it('is refused before the sign-up is done, in other flows, and without a printer', async () => {
    const slips = new HandoffSlipPrinting(printers(), () => GUIDE);
    expect(await codeOf(slips.print(null, 'ja'))).toBe('invalid_step');
    expect(await codeOf(slips.print(flow({ step: 'confirm' }), 'ja'))).toBe('invalid_step');
    expect(await codeOf(slips.print(flow({ flow: 'emailChange' }), 'ja'))).toBe('invalid_step');
    expect(await codeOf(new HandoffSlipPrinting(printers(false), () => GUIDE).print(flow(), 'ja'))).toBe('printer_missing');
    expect(await codeOf(new HandoffSlipPrinting(undefined, () => GUIDE).print(flow(), 'ja'))).toBe('printer_missing');
  });

  it(`prints at most ${MAX_SLIPS_PER_SIGNUP} per sign-up, counted afresh after the session`, async () => {
    const p = printers();
    const slips = new HandoffSlipPrinting(p, () => GUIDE);
    for (let i = 0; i < MAX_SLIPS_PER_SIGNUP; i++) await slips.print(flow(), 'ja');
    expect(await codeOf(slips.print(flow(), 'ja'))).toBe('request_conflict');
    await slips.print(flow({ flowId: 'flow-2' }), 'ja');
    slips.forget();
    await slips.print(flow(), 'ja');
    expect(p.documents).toHaveLength(MAX_SLIPS_PER_SIGNUP + 2);
  });
});
