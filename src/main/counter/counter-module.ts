import type { RegistrationCatalog } from '../../shared/api/registration';
import { KioskError } from '../../shared/errors';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { CounterDeps } from './counter-deps';
import { CounterService } from './counter-service';
import { HandoffSlipPrinting, type SlipPrinters } from './handoff-slip-printing';
import { japanPostDirectory, type PostalDirectory } from './postal';

/** How often expired drafts are looked for (they are also wiped on every identification). */
const SWEEP_INTERVAL_MS = 60_000;

export interface CounterModuleOptions {
  postal?: PostalDirectory;
  draftTtlMs?: number;
}

/**
 * Counter flows (DESIGN.md §3.1, §3.2): guided sign-up, email change with staff approval,
 * "which address is registered?", and the repair request of a student whose app setup failed. The state machines and drafts live in ./counter-service;
 * this module wires them to the kiosk API, the outbox and the session's end.
 */
/** The counter room's dependencies, built by the composition root. */
export type CounterModuleDeps = CoreBasics &
  DatabaseAccess &
  Pick<CounterDeps, 'portal' | 'members' | 'staff' | 'cipher'> & {
    /** The sign-up form's universities and faculties in force (the admin's catalog), read at each call. */
    catalog(): RegistrationCatalog;
    /** The receipt printers, for the hand-off slip (none: the done screen offers no slip). */
    receiptPrinters?: SlipPrinters;
    /** The password guide in force (settings: hand-off links), the same page the done screen's QR opens. */
    passwordGuideUrl(): string;
  };

export function createCounterModule(context: CounterModuleDeps, options: CounterModuleOptions = {}): CoreModule {
  const service = new CounterService({
    db: () => context.db(),
    portal: () => context.portal(),
    members: () => context.members(),
    staff: () => context.staff(),
    // The core's one at-rest key: after the admin wipe it is a fresh one, no restart needed.
    cipher: () => context.cipher(),
    now: () => context.now(),
    log: (line) => context.log(line),
    changed: (flowId) => context.emit('counterFlowChanged', { flowId }),
    draftTtlMs: options.draftTtlMs,
  });
  const postal = options.postal ?? japanPostDirectory();
  const slips = new HandoffSlipPrinting(context.receiptPrinters, () => context.passwordGuideUrl());
  let timer: NodeJS.Timeout | null = null;

  return {
    start() {
      // Deleted drafts and sent payloads are zeroed on disk, not just unlinked from the b-tree.
      context.db().pragma('secure_delete = ON');
      // Guarded at start too: a key that cannot be read must not stop the kiosk (money needs no key).
      const sweep = () => {
        try {
          service.sweep();
        } catch (error) {
          context.log(`counter: sweep failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      sweep();
      timer = setInterval(sweep, SWEEP_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    endSession() {
      service.endSession();
      slips.forget();
    },
    outboxHandlers: service.outboxHandlers(),
    handlers: {
      counterCheckCard: ({ memberNo }) => service.checkCard(memberNo),
      counterStart: (input) => service.start(input),
      counterGetFlow: () => service.getFlow(),
      counterBack: () => service.back(),
      counterCancel: () => {
        service.cancel();
        return { ok: true as const };
      },
      counterSetEmail: (input) => service.setEmail(input),
      counterContinue: () => service.continue(),
      counterSendCode: () => service.sendCode(),
      counterResendCode: () => service.resendCode(),
      counterConfirmCode: ({ code }) => service.confirmCode(code),
      counterSaveProfile: ({ profile }) => service.saveProfile(profile),
      counterSubmit: () => service.submit(),
      counterPrintHandoffSlip: ({ language }) => slips.print(service.getFlow(), language),
      counterSetRepairProblems: ({ problems }) => service.setRepairProblems(problems),
      listRepairRequests: () => service.listRepairRequests(),
      setRepairRequestStatus: (input) => service.setRepairRequestStatus(input),
      lookupPostalCode: async ({ postalCode }) => {
        try {
          return { candidates: await postal.lookup(postalCode.replace('-', '')) };
        } catch (error) {
          context.log(`counter: postal lookup failed: ${error instanceof Error ? error.message : String(error)}`);
          throw new KioskError('internal', 'The postal code data could not be read.');
        }
      },
      getRegistrationCatalog: () => context.catalog(),
      listEmailChangeRequests: () => service.listEmailChangeRequests(),
      openEmailChangeRequest: ({ requestId }) => service.openEmailChangeRequest(requestId),
      decideEmailChangeRequest: (input) => service.decideEmailChange(input),
    },
  };
}
