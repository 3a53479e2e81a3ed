/// <reference types="vite/client" />
import type { KioskBridge } from '@shared/kiosk-api';

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

export {};
