/** Public API of the synthetic fingerprint generator (SFinGe method); see docs/synthetic-data.md. */
export * from './types.js';
export { makeMaster, drawClass, masterSize, validateParams } from './master.js';
export { makeImpression, render } from './impression.js';
export { drawTransform } from './transform.js';
export { generateDataset, resolveParams, encodePng, GENERATOR_VERSION, type DatasetOptions, type DatasetResult, type Manifest } from './dataset.js';
export { imageStats, folderStats, formatStats, type ImageStats, type SetStats } from './check.js';
export { Rng, deriveSeed, rngFor, STREAM } from './prng.js';
