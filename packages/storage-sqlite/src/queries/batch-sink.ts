import type { BatchApplyResult, BatchCommand } from '@drift/storage-traits';
import type { WriteExecutor } from '../statements.js';

/** Applies a batch of commands in one transaction, isolating each command in a savepoint. */
export function applyBatch(_w: WriteExecutor, _commands: readonly BatchCommand[]): BatchApplyResult {
  throw new Error('applyBatch: not implemented yet');
}
