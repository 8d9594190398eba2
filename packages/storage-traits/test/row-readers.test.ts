// The compiled row reader and its loop fallback (used where code generation is disallowed) read,
// check and copy every command's rows alike.

import { describe, expect, it } from 'vitest';
import { compiledRowReader, loopRowReader, type RowReader } from '../src/batch-row-readers.js';
import { BATCH_COMMAND_TYPES, BATCH_ROW_SCHEMAS, type FieldKind } from '../src/index.js';
import { sampleRow } from '../src/testing/index.js';

const ROW_COMMANDS = BATCH_COMMAND_TYPES.filter((t) => t !== 'DeleteFileMetadata');
const readers = [
  ['compiled', compiledRowReader],
  ['loop', loopRowReader],
] as const;

const planOf = (type: string) => {
  const schema = BATCH_ROW_SCHEMAS[type as keyof typeof BATCH_ROW_SCHEMAS] as Record<string, FieldKind>;
  const fields = Object.keys(schema);
  return { fields, kinds: fields.map((f) => schema[f]!) };
};

describe.each(readers)(
  '%s row reader',
  (_, make: (f: readonly string[], k: readonly FieldKind[]) => RowReader) => {
    it.each(ROW_COMMANDS)('%s: copies every field once, blobs into fresh arrays, nothing else', (type) => {
      const { fields, kinds } = planOf(type);
      const reader = make(fields, kinds);
      const sample = sampleRow(type, 1) as unknown as Record<string, unknown>;
      const reads: string[] = [];
      const row = new Proxy(
        { ...sample, extra: 1 },
        {
          get: (t, key) => {
            reads.push(String(key));
            return Reflect.get(t, key);
          },
        },
      );
      const copy = reader.read(row);
      expect(copy).toEqual(sample);
      expect(Object.keys(copy!)).toEqual(fields);
      expect(reads).toEqual(fields);
      fields.forEach((field, j) => {
        if (kinds[j]!.startsWith('bytes') && sample[field] !== null)
          expect(copy![field]).not.toBe(sample[field]);
      });
    });

    it.each(ROW_COMMANDS)(
      '%s: names the field that does not fit, and the field whose read throws',
      (type) => {
        const { fields, kinds } = planOf(type);
        const reader = make(fields, kinds);
        const sample = sampleRow(type, 2) as unknown as Record<string, unknown>;
        fields.forEach((field, j) => {
          const bad = Symbol(field);
          expect(reader.read({ ...sample, [field]: bad })).toBeNull();
          expect([reader.at(), reader.bad()]).toEqual([j, bad]);
          const nullable = kinds[j]!.endsWith('?');
          expect(reader.read({ ...sample, [field]: null }) === null).toBe(!nullable);
          const throwing = { ...sample };
          Object.defineProperty(throwing, field, {
            get: () => {
              throw new Error(field);
            },
          });
          expect(() => reader.read(throwing)).toThrow(field);
          expect(reader.at()).toBe(j);
        });
      },
    );
  },
);
