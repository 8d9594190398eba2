export * from './reader-stub.js';
export * from './sample-rows.js';
