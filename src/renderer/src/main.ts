import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { useStaffStore } from './stores/staff';
import './styles/kiosk.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);

router.beforeEach((to) => {
  if (to.meta.staff && !useStaffStore().signedIn) return { name: 'staff-pin' };
  return true;
});

app.mount('#app');

// The attract screen's one button leads home: fetch that screen's chunk while the kiosk idles,
// so the first tap does not wait for it.
const warmHome = () => void import('./views/HomeView.vue');
if ('requestIdleCallback' in window) window.requestIdleCallback(warmHome, { timeout: 2_000 });
else setTimeout(warmHome, 500);
