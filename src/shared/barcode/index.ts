export * from './check-digits';
export * from './formats';
export * from './nomenclature';
export * from './display';
export * from './render';
