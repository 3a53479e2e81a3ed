import { watch } from 'vue';
import { useRouter } from 'vue-router';
import { useCounterStore } from '../stores/counter';
import { useSessionStore } from '../stores/session';
import type { CounterFlow } from '@shared/api/registration';

/**
 * The ways out of a flow screen: "stop" erases the draft and goes home; "finish" (on the done
 * screen) ends the whole visit. A flow that is gone (wiped, expired) sends the screen back to
 * identification instead of leaving it empty.
 */
export function useCounterExit(flow: CounterFlow) {
  const router = useRouter();
  const counter = useCounterStore();
  const session = useSessionStore();

  async function cancel(): Promise<void> {
    await counter.cancel();
    await router.replace({ name: 'home' });
  }

  async function finish(): Promise<void> {
    await session.wipe();
    await router.replace({ name: 'attract' });
  }

  watch(
    () => counter.flow,
    (current) => {
      if (!current || current.flow !== flow) {
        void router.replace({ name: 'counter-identify', params: { flow: flow === 'emailChange' ? 'email-change' : flow } });
      }
    },
    { immediate: true },
  );

  return { cancel, finish };
}
