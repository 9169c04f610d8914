export * from './elf.js';
export * from './layout.js';
export * from './image.js';
