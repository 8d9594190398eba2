import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileReader } from '../src/scanner/file-reader.js';

// The scan's reader: whole files into one reused buffer, whatever size the walk saw.

const dir = mkdtempSync(join(tmpdir(), 'drift-file-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) % 256));

describe('FileReader', () => {
  it('reads a file whole when its size is the one the walk saw, larger, smaller, or 0', () => {
    const reader = new FileReader();
    const cases: Array<[number, number]> = [
      [0, 0], // empty, as walked
      [10, 10], // as walked
      [70_000, 70_000], // past the first buffer, as walked
      [300_000, 5], // grew since the walk
      [5, 300_000], // shrank since the walk
      [0, 40], // emptied since the walk
      [65_536, 65_535], // the buffer's own size, one byte more than walked
    ];
    for (const [size, walked] of cases) {
      const path = join(dir, `f${size}-${walked}.bin`);
      const content = bytes(size, walked);
      writeFileSync(path, content);
      expect(Buffer.from(reader.read(path, walked)).equals(content), `${size} bytes, walked ${walked}`).toBe(
        true,
      );
    }
  });

  it('fails for a file that cannot be opened', () => {
    expect(() => new FileReader().read(join(dir, 'missing'), 0)).toThrow();
  });
});
