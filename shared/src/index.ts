/** The carefee engine: pure functions over plain data, shared by the add-in and the service. */
export * from './errors';
export * from './money';
export * from './dates';
export * from './rateCard';
export * from './quality';
export * from './fee';
export * from './schedule';
export * from './ratingFromInspections';
export * from './chc';
export * from './tender';
export * from './indices';
export * from './uplift';
export * from './cardDiff';
// diff.ts's row view extends cardDiff's field view; its names win where both export one.
export * from './diff';
export { diffCards, type CardDiff } from './diff';
export * from './tpc';
export * from './costOfCare';
export * from './conversions';
