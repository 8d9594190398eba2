// Every check of a caller's argument or option in this package, in the seam's vocabulary: an
// `INVALID_INPUT` StorageError (`invalidInput`) whose message is `<operation>: <field> must be
// <expected>, got <describeValue(value)>`, naming the operation and the field. The IWorkspaceStorage
// methods check their arguments with the seam's own `methodArgumentChecker`. Path rules (checked
// against the file system) are in paths.ts; this module only looks at values.
import { argumentError, invalidInput, methodArgumentChecker, requireArgument } from '@drift/storage-traits';
import { WorkspaceError } from './errors.js';

/** The argument checkers of the IWorkspaceStorage methods, looked up once. */
export const SEAM_ARGUMENTS = {
  initialize: methodArgumentChecker('initialize'),
  status: methodArgumentChecker('status'),
  projectInfo: methodArgumentChecker('projectInfo'),
  workspaceContext: methodArgumentChecker('workspaceContext'),
  gc: methodArgumentChecker('gc'),
  backup: methodArgumentChecker('backup'),
  export: methodArgumentChecker('export'),
  import: methodArgumentChecker('import'),
  integrityCheck: methodArgumentChecker('integrityCheck'),
  schemaVersion: methodArgumentChecker('schemaVersion'),
} as const;

/**
 * Throws the seam's `argumentError` (`<operation>: <field> must be <expected>, got <what value is>`),
 * its details naming `reported` as the operation (the operation, unless the caller reports it under
 * another name).
 */
function refuse(
  operation: string,
  field: string,
  expected: string,
  value: unknown,
  reported = operation,
): never {
  const error = argumentError(operation, field, expected, value);
  if (reported === operation) throw error;
  throw invalidInput(error.message, { operation: reported, field });
}

/** True for a non-negative safe integer. */
export const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

/** Throws `INVALID_INPUT` unless `value` is a string (the empty string included). */
export function requireString(operation: string, field: string, value: unknown): asserts value is string {
  requireArgument(operation, field, 'text', value);
}

/** Throws `INVALID_INPUT` unless `value` is a non-negative safe integer. */
export function requireCount(operation: string, field: string, value: unknown): asserts value is number {
  if (!isCount(value)) refuse(operation, field, 'a non-negative integer', value);
}

/** Throws `INVALID_INPUT` unless `value` is a boolean. */
export function requireBoolean(operation: string, field: string, value: unknown): asserts value is boolean {
  requireArgument(operation, field, 'bool', value);
}

/** Throws `INVALID_INPUT` unless `packages` is an array of objects with a string `name` and `path`. */
export function requirePackages(operation: string, packages: unknown): void {
  if (!Array.isArray(packages)) refuse(operation, 'packages', 'an array', packages);
  packages.forEach((p: { name?: unknown; path?: unknown } | null | undefined, i) => {
    requireString(operation, `packages[${i}].name`, p?.name);
    requireString(operation, `packages[${i}].path`, p?.path);
  });
}

/** Throws `INVALID_INPUT` unless the record's versions and duration are non-negative integers. */
export function requireMigrationRecord(operation: string, record: unknown): void {
  const fields = record as { [key: string]: unknown } | null | undefined;
  for (const key of ['fromVersion', 'toVersion', 'durationMs'] as const) {
    requireCount(operation, `record.${key}`, fields?.[key]);
  }
}

/** Throws `INVALID_INPUT` unless `value` is a function; `reported` is the operation the error names. */
export function requireFunction(
  operation: string,
  field: string,
  value: unknown,
  reported = operation,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') refuse(operation, field, 'a function', value, reported);
}

/** Throws `INVALID_INPUT` unless `value` is one of `allowed` (listed in the message, quoted or not). */
export function requireOneOf<T extends string>(
  operation: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
  quoted = false,
): asserts value is T {
  if ((allowed as readonly unknown[]).includes(value)) return;
  const names = allowed.map((name) => (quoted ? `'${name}'` : name));
  const expected = names.length === 2 ? `${names[0]} or ${names[1]}` : `one of ${names.join(', ')}`;
  refuse(operation, field, expected, value);
}

/**
 * Checks an optional option: absent (`undefined`), or accepted by `ok`; `INVALID_INPUT` naming
 * `options.<name>` and `expected` otherwise (`reported` as its operation, default `operation`).
 */
export function checkOption(
  operation: string,
  name: string,
  value: unknown,
  ok: (value: unknown) => boolean,
  expected: string,
  reported = operation,
): void {
  if (value !== undefined && !ok(value)) refuse(operation, `options.${name}`, expected, value, reported);
}

/** The token a caller passes to confirm a destructive operation. */
export const CONFIRMATION_TOKEN = 'DELETE';

/** Throws `INVALID_INPUT` (CONFIRMATION_REQUIRED) unless `confirmation` is exactly `DELETE`. */
export function requireConfirmation(operation: string, confirmation: unknown): void {
  if (confirmation !== CONFIRMATION_TOKEN) {
    throw new WorkspaceError(
      'CONFIRMATION_REQUIRED',
      `${operation} is destructive: pass "${CONFIRMATION_TOKEN}" as the confirmation to run it (nothing was changed)`,
      { operation, field: 'confirmation' },
    );
  }
}
