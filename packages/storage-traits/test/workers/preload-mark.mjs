// Preloaded by a test of `@drift/storage-traits/sync` before the engine module: leaves a mark on
// the worker's global object that the engine's `echo` of `globalThis.preloadMark` shows.
globalThis.preloadMark = 'preloaded';
