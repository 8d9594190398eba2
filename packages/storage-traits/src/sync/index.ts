// `@drift/storage-traits/sync`: an asynchronous engine behind a synchronous contract, through a worker
// thread and `Atomics.wait`. Node only.

export {
  type Blocking,
  type BlockingStorage,
  type BlockingStorageControls,
  type OpenBlockingStorageOptions,
  openBlockingStorage,
} from './blocking-storage.js';
