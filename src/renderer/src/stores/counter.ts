import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CounterFlow, CounterFlowView, DraftHint, PostalCandidate, RegistrationCatalog, SignupProfileInput } from '@shared/api/registration';
import { KioskError, type KioskErrorShape } from '@shared/errors';
import type { Language } from '@shared/kiosk-api';
import type { RepairProblemKind } from '@shared/api/repair';
import { callKiosk, onKioskEvent } from '../kiosk/client';
import { onSessionWipe } from '../composables/session-wipe';

/**
 * The student's counter flow (sign-up, email change, "which address?") as the screens see it.
 * The state machine is the core's: every action sends the student's input and shows the view
 * that comes back. An error leaves the view as it was (re-read from the core) and says why.
 */
export const useCounterStore = defineStore('counter', () => {
  const flow = ref<CounterFlowView | null>(null);
  const error = ref<KioskErrorShape | null>(null);
  const busy = ref(false);
  const draftHint = ref<DraftHint | null>(null);
  const catalog = ref<RegistrationCatalog | null>(null);
  /** Incremented on every action: a screen's form resets its own transient state with it. */
  const revision = ref(0);

  function toShape(caught: unknown): KioskErrorShape {
    if (caught instanceof KioskError) return caught.toJSON();
    return { code: 'internal', message: 'Something went wrong.' };
  }

  let changedWhileBusy: string | null = null;

  function rereadFlow(flowId: string): void {
    void callKiosk('counterGetFlow', {})
      .then((next) => {
        if (next?.flowId === flowId) flow.value = next;
      })
      .catch(() => undefined);
  }

  async function run(action: () => Promise<CounterFlowView | null>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    try {
      flow.value = await action();
      revision.value += 1;
      return true;
    } catch (caught) {
      error.value = toShape(caught);
      // The core keeps the state: show what it has now (tries left, a dead code…).
      flow.value = await callKiosk('counterGetFlow', {}).catch(() => (error.value?.code === 'draft_expired' ? null : flow.value));
      return false;
    } finally {
      busy.value = false;
      const changed = changedWhileBusy;
      changedWhileBusy = null;
      if (changed !== null && flow.value?.flowId === changed) rereadFlow(changed);
    }
  }

  async function checkCard(memberNo: string): Promise<void> {
    draftHint.value = null;
    try {
      draftHint.value = (await callKiosk('counterCheckCard', { memberNo })).draft;
    } catch {
      draftHint.value = null;
    }
  }

  const start = (input: { flow: CounterFlow; memberNo: string; birthDate: string; via: 'card' | 'typed'; language: Language }) =>
    run(() => callKiosk('counterStart', input));
  const refresh = () => run(() => callKiosk('counterGetFlow', {}));
  const back = () => run(() => callKiosk('counterBack', {}));
  const setEmail = (email: string, emailConfirm: string) => run(() => callKiosk('counterSetEmail', { email, emailConfirm }));
  const proceed = () => run(() => callKiosk('counterContinue', {}));
  const sendCode = () => run(() => callKiosk('counterSendCode', {}));
  const resendCode = () => run(() => callKiosk('counterResendCode', {}));
  const confirmCode = (code: string) => run(() => callKiosk('counterConfirmCode', { code }));
  const saveProfile = (profile: SignupProfileInput) => run(() => callKiosk('counterSaveProfile', { profile }));
  const submit = () => run(() => callKiosk('counterSubmit', {}));
  const setRepairProblems = (problems: RepairProblemKind[]) => run(() => callKiosk('counterSetRepairProblems', { problems }));

  async function cancel(): Promise<void> {
    await callKiosk('counterCancel', {}).catch(() => undefined);
    reset();
  }

  async function lookupPostalCode(postalCode: string): Promise<PostalCandidate[]> {
    return (await callKiosk('lookupPostalCode', { postalCode })).candidates;
  }

  async function loadCatalog(): Promise<RegistrationCatalog> {
    // Fetched at each form: an admin's new catalog applies to the next sign-up at once.
    catalog.value = await callKiosk('getRegistrationCatalog', {});
    return catalog.value;
  }

  function clearError(): void {
    error.value = null;
  }

  function reset(): void {
    flow.value = null;
    error.value = null;
    busy.value = false;
    draftHint.value = null;
    revision.value += 1;
  }
  onSessionWipe(reset);

  let unsubscribe: (() => void) | null = null;
  function listen(): void {
    unsubscribe ??= onKioskEvent('counterFlowChanged', ({ flowId }) => {
      // A change can overtake the answer of the call in flight (the outbox may apply a request
      // before the call that queued it has answered): read the flow again once that call is done.
      if (busy.value) changedWhileBusy = flowId;
      else if (flow.value?.flowId === flowId) rereadFlow(flowId);
    });
  }

  const step = computed(() => flow.value?.step ?? null);
  return {
    flow,
    step,
    error,
    busy,
    draftHint,
    catalog,
    revision,
    checkCard,
    start,
    refresh,
    back,
    setEmail,
    setRepairProblems,
    proceed,
    sendCode,
    resendCode,
    confirmCode,
    saveProfile,
    submit,
    cancel,
    lookupPostalCode,
    loadCatalog,
    clearError,
    reset,
    listen,
  };
});
