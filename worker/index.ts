// Package entry for Node: the engine API with the kernels in-process.
export * from './node.js';
