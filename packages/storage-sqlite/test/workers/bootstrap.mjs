// Worker-thread entry: registers tsx so the TypeScript worker module (and the engine source it
// imports) can load, then runs it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
