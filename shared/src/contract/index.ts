/**
 * The HTTP contract: every request and response of the service as a zod schema, one file per
 * feature. The server validates with them and generates its OpenAPI document from them; the
 * add-in and the provider page read their answers as these types. No I/O.
 */
export * from './common';
export * from './engine';
export * from './rateCards';
export * from './admin';
export * from './indices';
export * from './scenarios';
export * from './scenarioView';
export * from './scenarioResponse';
export * from './providers';
export * from './providersEnrolment';
export * from './providersMonitoring';
export * from './providersReports';
export * from './packages';
export * from './calculate';
