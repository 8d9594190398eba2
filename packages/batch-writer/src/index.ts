export {
  type CreateBatchWriterOptions,
  createBatchWriter,
  DEFAULT_BATCH_WRITER_OPTIONS,
} from './batch-writer.js';
