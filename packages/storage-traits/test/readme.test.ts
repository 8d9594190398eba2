import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import { expect, it } from 'vitest';

it('the README example runs and prints what its comments say', async () => {
  const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
  expect(printed[0]).toBe('1');
  expect(printed[1]).toMatch(
    /^decodeBatchCommand: InsertDetections format must be "drift-batch", got undefined$/,
  );
  expect(printed[2]).toBe('0.85');
  expect(printed.slice(3, 6)).toEqual(['1', 'true', 'countFiles failed: the storage engine is closed']);
  // The shared queries: a statement in SQLite's SQL, and two forms run on a runner of the example's.
  expect(printed.slice(6)).toEqual([
    'select "name", "line" from "functions" where "file" = ? order by "line"',
    'main:3',
    '3',
  ]);
});
