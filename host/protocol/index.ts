export * from './codec.js';
export * from './framer.js';
export * from './client.js';
export * from './info.js';
export * from './errors.js';
export * from './transfer.js';
