/**
 * The printed hand-off slip of a finished sign-up (issue 16): the done screen's QR and checklist
 * on the receipt printers, in the student's language. The masked address comes from the flow in
 * the core (never from the screen), and nothing else personal is printed. A student may print it
 * twice per sign-up (a lost or torn slip), not more: the call needs no staff.
 */
import type { Language } from '../../shared/api/common';
import type { CounterFlowView } from '../../shared/api/registration';
import { KioskError } from '../../shared/errors';
import { handoffSlipDocument } from '../../shared/receipt';
import { maskEmail } from '../../shared/registration/normalize';

/** The receipt printers as the counter sees them (the cashier room's, wired by the composition root). */
export interface SlipPrinters {
  configured(): boolean;
  print(document: string): Promise<number>;
  storeName(): string;
}

export const MAX_SLIPS_PER_SIGNUP = 2;

export class HandoffSlipPrinting {
  private readonly printed = new Map<string, number>();

  constructor(
    private readonly printers: SlipPrinters | undefined,
    private readonly passwordGuideUrl: () => string,
  ) {}

  /** Prints the slip of the flow on screen; refused before the sign-up is done or without a printer. */
  async print(flow: CounterFlowView | null, language: Language): Promise<{ printers: number }> {
    if (!flow || flow.flow !== 'signup' || flow.step !== 'done') throw new KioskError('invalid_step', 'The hand-off slip is printed when the sign-up is done.', flow ? { step: flow.step } : {});
    if (!this.printers?.configured()) throw new KioskError('printer_missing', 'No receipt printer is configured on this kiosk.');
    const count = this.printed.get(flow.flowId) ?? 0;
    if (count >= MAX_SLIPS_PER_SIGNUP) throw new KioskError('request_conflict', 'The hand-off slip was already printed for this sign-up.');
    // The address the codes go to, masked as the done screen shows it.
    const maskedEmail = flow.email ? maskEmail(flow.email) : (flow.code?.maskedEmail ?? flow.member.maskedEmail ?? null);
    const document = handoffSlipDocument({ passwordGuideUrl: this.passwordGuideUrl(), maskedEmail, language, storeName: this.printers.storeName() });
    this.printed.set(flow.flowId, count + 1);
    return { printers: await this.printers.print(document) };
  }

  /** The session ended: the counts go with it. */
  forget(): void {
    this.printed.clear();
  }
}
