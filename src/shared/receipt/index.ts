export * from './layout';
export * from './barcode';
export * from './handoff-slip';
