/** The counter room's public entry: guided sign-up, email change with staff approval, "which address is registered?". */
export { createCounterModule, type CounterModuleDeps, type CounterModuleOptions } from './counter-module';
export type { CounterPortal } from './counter-deps';
