import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { useStaffStore } from './stores/staff';
// The UI font travels with the app (OFL): Latin, kana and kanji from one family, so the kiosk
// looks the same on every machine whatever fonts the OS has. Chunked by unicode-range: the
// page loads only the chunks its text uses. The first CSS declares only the slices of ASCII,
// kana and the commonest kanji; the others are declared after the first paint
// (scripts/vite-font-faces.ts: every rule costs the first layout).
import 'kiosk-fonts:first';
import './styles/kiosk.css';
import './styles/register.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);

router.beforeEach((to) => {
  const staff = useStaffStore();
  if (to.meta.staff && !staff.signedIn) return { name: 'staff-pin' };
  // A reset PIN is changed before anything else (the core refuses every other call meanwhile).
  if (to.meta.staff && staff.session?.mustChangePin && to.name !== 'staff-pin-change') return { name: 'staff-pin-change' };
  return true;
});

app.mount('#app');

// After the first frame with the attract screen: the rest of the font's slices.
requestAnimationFrame(() => setTimeout(() => void import('./styles/fonts-rest'), 0));
