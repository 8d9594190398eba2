// Preloaded by a test of `@drift/storage-traits/sync`: registers tsx in the worker thread, so the
// engine module that follows may be TypeScript (a worker thread of Node 20 loads no `.ts` file).
import { register } from 'tsx/esm/api';

register();
