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
  const staff = useStaffStore();
  if (to.meta.staff && !staff.signedIn) return { name: 'staff-pin' };
  // A reset PIN is changed before anything else (the core refuses every other call meanwhile).
  if (to.meta.staff && staff.session?.mustChangePin && to.name !== 'staff-pin-change') return { name: 'staff-pin-change' };
  return true;
});

app.mount('#app');
