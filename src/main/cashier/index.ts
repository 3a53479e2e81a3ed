/** The cashier room's public entry: the register (top-ups, payments, voids, end of day) and its wallet ledger. */
export { createCashierModule, type CashierModuleDeps, type ReceiptPrinters } from './cashier-module';
export type { CashierPortal, CashierSettings, KioskStanding, RegisterConfig } from './cashier-deps';
export { walletOutboxHandlers } from './wallet-ledger';
