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
