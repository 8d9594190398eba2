import type { IDriftReader } from '@drift/storage-traits';
import { defineReads } from '../statements.js';

/** {@link IDriftReader} reads. */
export const readerReads = defineReads<IDriftReader>()({});
