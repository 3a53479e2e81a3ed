import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { StaffSession, StaffStatus } from '@shared/kiosk-api';
import { callKiosk, onKioskEvent } from '../kiosk/client';

/** The signed-in staff member (one per kiosk) and the status screen's data. */
export const useStaffStore = defineStore('staff', () => {
  const session = ref<StaffSession | null>(null);
  const status = ref<StaffStatus | null>(null);

  async function signIn(staffNo: string, pin: string): Promise<StaffSession> {
    session.value = await callKiosk('staffSignIn', { staffNo, pin });
    return session.value;
  }

  /** One's own new PIN (also the one an admin's reset asks for at the next sign-in). */
  async function changeOwnPin(currentPin: string, newPin: string): Promise<StaffSession> {
    session.value = await callKiosk('staffChangeOwnPin', { currentPin, newPin });
    return session.value;
  }

  async function signOut(): Promise<void> {
    await callKiosk('staffSignOut', {});
    session.value = null;
    status.value = null;
  }

  async function loadStatus(): Promise<void> {
    status.value = await callKiosk('getStaffStatus', {});
  }

  let unsubscribe: (() => void) | null = null;
  function listen(onSignedOut: () => void): void {
    unsubscribe ??= onKioskEvent('staffSession', (next) => {
      session.value = next;
      if (!next) {
        status.value = null;
        onSignedOut();
      }
    });
  }

  const signedIn = computed(() => session.value !== null);
  return { session, status, signedIn, signIn, changeOwnPin, signOut, loadStatus, listen };
});
