/**
 * Report projections (SPEC §6, §8): see src/engine/projections/index.ts.
 */
export { Projections, type OngoingPage, type OngoingPageOptions, type OngoingSort } from './projections/index.js';
