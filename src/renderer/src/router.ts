import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import AttractView from './views/AttractView.vue';
import HomeView from './views/HomeView.vue';
import MailGuideView from './views/MailGuideView.vue';
import StaffPinView from './views/StaffPinView.vue';
import StaffStatusView from './views/StaffStatusView.vue';
import StaffScannersView from './views/StaffScannersView.vue';
import StaffScannerTestView from './views/StaffScannerTestView.vue';
import StaffSyncView from './views/StaffSyncView.vue';
import CounterIdentifyView from './views/CounterIdentifyView.vue';
import SignupView from './views/SignupView.vue';
import EmailChangeView from './views/EmailChangeView.vue';
import EmailLookupView from './views/EmailLookupView.vue';
import StaffEmailChangesView from './views/StaffEmailChangesView.vue';
import RegisterView from './views/RegisterView.vue';
import RegisterCloseView from './views/RegisterCloseView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Part of a student's session: the idle timeout applies and a wipe leaves it. */
    studentSession?: boolean;
    /** Staff only: without a staff session the route goes to the PIN pad. */
    staff?: boolean;
    /** The screen shows its own, more specific offline bar (the register's unsent count and sum). */
    ownOfflineBar?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'attract', component: AttractView },
  { path: '/home', name: 'home', component: HomeView, meta: { studentSession: true } },
  { path: '/guide/mail', name: 'mail-guide', component: MailGuideView, meta: { studentSession: true } },
  { path: '/counter/:flow(signup|email-change|lookup)', name: 'counter-identify', component: CounterIdentifyView, meta: { studentSession: true } },
  { path: '/signup', name: 'signup', component: SignupView, meta: { studentSession: true } },
  { path: '/email-change', name: 'email-change', component: EmailChangeView, meta: { studentSession: true } },
  { path: '/email-lookup', name: 'email-lookup', component: EmailLookupView, meta: { studentSession: true } },
  { path: '/staff/email-changes', name: 'staff-email-changes', component: StaffEmailChangesView, meta: { staff: true } },
  { path: '/staff/pin', name: 'staff-pin', component: StaffPinView, meta: { studentSession: true } },
  { path: '/staff', name: 'staff-status', component: StaffStatusView, meta: { staff: true } },
  { path: '/staff/scanners', name: 'staff-scanners', component: StaffScannersView, meta: { staff: true } },
  { path: '/staff/scanners/test', name: 'staff-scanner-test', component: StaffScannerTestView, meta: { staff: true } },
  { path: '/staff/sync', name: 'staff-sync', component: StaffSyncView, meta: { staff: true } },
  { path: '/staff/register', name: 'register', component: RegisterView, meta: { staff: true, ownOfflineBar: true } },
  { path: '/staff/register/close', name: 'register-close', component: RegisterCloseView, meta: { staff: true } },
  { path: '/:unknown(.*)*', redirect: '/' },
];

// Hash history: the same URLs work from app:// in Electron and from the web host.
export const router = createRouter({ history: createWebHashHistory(), routes });
