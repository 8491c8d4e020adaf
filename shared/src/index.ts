/** The carefee engine: pure functions over plain data, shared by the add-in and the service. */
export * from './errors';
export * from './money';
export * from './dates';
export * from './rateCard';
export * from './quality';
export * from './fee';
export * from './schedule';
export * from './apiContract';
export * from './ratingFromInspections';
export * from './chc';
export * from './tender';
export * from './indices';
export * from './uplift';
export * from './diff';
export * from './tpc';
export * from './costOfCare';
export * from './conversions';
