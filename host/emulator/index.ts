export * from './manifest.js';
export * from './args.js';
export * from './qemu.js';
