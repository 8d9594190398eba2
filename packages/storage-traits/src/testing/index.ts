export * from './reader-stub.js';
export * from './row-builders.js';
export * from './sample-rows.js';
