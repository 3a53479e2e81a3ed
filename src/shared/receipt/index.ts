export * from './layout';
export * from './barcode';
