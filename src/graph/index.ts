export * from './attrs.js';
export * from './builder.js';
export * from './conv-geometry.js';
export * from './ops.js';
export * from './shapes.js';
export * from './tensors.js';
