import type { ProgressUpdate } from '@drift/napi-compat-bindings';

/** Where the demo reports what it is doing (stderr: stdout carries the report). */
export interface StatusSink {
  /** A step starts or ends: one line. */
  status(message: string): void;
  /** A scan progress report. */
  progress(update: ProgressUpdate): void;
  /** Ends any progress bar line. */
  done(): void;
}

const BAR_WIDTH = 30;

/**
 * Status lines on `stream`; scan progress as a bar redrawn in place when the stream is a terminal, else
 * as plain lines (one per progress report) that logs and pipes can keep.
 */
export function statusSink(stream: NodeJS.WriteStream): StatusSink {
  const tty = stream.isTTY === true;
  let barOpen = false;
  const endBar = (): void => {
    if (barOpen) {
      stream.write('\n');
      barOpen = false;
    }
  };
  return {
    status(message) {
      endBar();
      stream.write(`${message}\n`);
    },
    progress({ processed, total, phase }) {
      if (!tty) {
        stream.write(`  ${phase}: ${processed}/${total} files\n`);
        return;
      }
      const share = total === 0 ? 1 : Math.min(1, processed / total);
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
      stream.write(`\r  ${phase} [${bar}] ${processed}/${total} files (${Math.round(share * 100)}%)`);
      barOpen = true;
    },
    done: endBar,
  };
}

/** A sink that says nothing (for library use and tests). */
export const silentSink: StatusSink = { status() {}, progress() {}, done() {} };
