import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
// The attract screen is in the first chunk, so it answers its first tap without a fetch; every
// other screen is its own chunk, loaded when first visited (issue 18: a kiosk that answers fast).
import AttractView from './views/AttractView.vue';

// The attract screen's one button leads home: that chunk is fetched as the app starts, so the
// first tap does not wait for it.
const homeView = import('./views/HomeView.vue');

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
  { path: '/home', name: 'home', component: () => homeView, meta: { studentSession: true } },
  { path: '/guide/mail', name: 'mail-guide', component: () => import('./views/MailGuideView.vue'), meta: { studentSession: true } },
  { path: '/counter/:flow(signup|email-change|lookup|repair)', name: 'counter-identify', component: () => import('./views/CounterIdentifyView.vue'), meta: { studentSession: true } },
  { path: '/signup', name: 'signup', component: () => import('./views/SignupView.vue'), meta: { studentSession: true } },
  { path: '/email-change', name: 'email-change', component: () => import('./views/EmailChangeView.vue'), meta: { studentSession: true } },
  { path: '/email-lookup', name: 'email-lookup', component: () => import('./views/EmailLookupView.vue'), meta: { studentSession: true } },
  { path: '/repair', name: 'repair', component: () => import('./views/RepairRequestView.vue'), meta: { studentSession: true } },
  { path: '/staff/repair-requests', name: 'staff-repair-requests', component: () => import('./views/StaffRepairRequestsView.vue'), meta: { staff: true } },
  { path: '/staff/email-changes', name: 'staff-email-changes', component: () => import('./views/StaffEmailChangesView.vue'), meta: { staff: true } },
  { path: '/staff/pin', name: 'staff-pin', component: () => import('./views/StaffPinView.vue'), meta: { studentSession: true } },
  { path: '/staff/pin/change', name: 'staff-pin-change', component: () => import('./views/StaffPinChangeView.vue'), meta: { staff: true } },
  { path: '/staff/people', name: 'staff-people', component: () => import('./views/StaffPeopleView.vue'), meta: { staff: true } },
  { path: '/staff/audit', name: 'staff-audit', component: () => import('./views/StaffAuditView.vue'), meta: { staff: true } },
  { path: '/staff', name: 'staff-status', component: () => import('./views/StaffStatusView.vue'), meta: { staff: true } },
  { path: '/staff/scanners', name: 'staff-scanners', component: () => import('./views/StaffScannersView.vue'), meta: { staff: true } },
  { path: '/staff/scanners/test', name: 'staff-scanner-test', component: () => import('./views/StaffScannerTestView.vue'), meta: { staff: true } },
  { path: '/staff/settings', name: 'staff-settings', component: () => import('./views/StaffSettingsView.vue'), meta: { staff: true } },
  { path: '/staff/barcode-rules', name: 'staff-barcode-rules', component: () => import('./views/StaffBarcodeRulesView.vue'), meta: { staff: true } },
  { path: '/staff/catalog', name: 'staff-catalog', component: () => import('./views/StaffCatalogView.vue'), meta: { staff: true } },
  { path: '/staff/sync', name: 'staff-sync', component: () => import('./views/StaffSyncView.vue'), meta: { staff: true } },
  { path: '/staff/register', name: 'register', component: () => import('./views/RegisterView.vue'), meta: { staff: true, ownOfflineBar: true } },
  { path: '/staff/register/flags', name: 'register-flags', component: () => import('./views/RegisterFlagsView.vue'), meta: { staff: true } },
  { path: '/staff/register/close', name: 'register-close', component: () => import('./views/RegisterCloseView.vue'), meta: { staff: true } },
  { path: '/setup', name: 'first-admin-setup', component: () => import('./views/FirstAdminSetupView.vue') },
  { path: '/stopped', name: 'kiosk-stopped', component: () => import('./views/KioskStoppedView.vue') },
  { path: '/restarting', name: 'kiosk-restarting', component: () => import('./views/KioskRestartingView.vue') },
  { path: '/:unknown(.*)*', redirect: '/' },
];

// Hash history: the same URLs work from app:// in Electron and from the web host.
export const router = createRouter({ history: createWebHashHistory(), routes });
