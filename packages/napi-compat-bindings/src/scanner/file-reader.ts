import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads files whole into one buffer that grows to the largest file read (so a scan holds one file's
 * bytes at a time, and allocates nothing per file). A view returned is valid until the next read.
 */
export class FileReader {
  #buffer: Buffer = Buffer.allocUnsafe(64 * 1024);

  /**
   * The bytes of the file at `path` (read to its end, whatever size it had when walked: a read that
   * stops at `sizeHint` bytes short of what it asked for ends it, any other goes on to the end).
   */
  read(path: string, sizeHint: number): Uint8Array {
    if (this.#buffer.length <= sizeHint) this.#buffer = Buffer.allocUnsafe(sizeHint + 1);
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.#buffer.length) {
          const bigger = Buffer.allocUnsafe(this.#buffer.length * 2);
          this.#buffer.copy(bigger);
          this.#buffer = bigger;
        }
        const asked = this.#buffer.length - length;
        const n = readSync(fd, this.#buffer, length, asked, null);
        if (n === 0) return this.#buffer.subarray(0, length);
        length += n;
        // The size the walk saw, and less than asked: the end of the file (a file that grew since
        // would have filled the buffer), without a last read that only answers 0.
        if (length === sizeHint && n < asked) return this.#buffer.subarray(0, length);
      }
    } finally {
      closeSync(fd);
    }
  }
}
