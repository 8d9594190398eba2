// `pnpm demo [path] [--workspace DIR | --keep] [--json]`. Failures are one line on stderr and a
// non-zero exit code, never a stack trace: 2 for a command line that cannot be understood, 130 after
// Ctrl-C (SIGINT), 143 after SIGTERM, 1 for anything else.
import { fileURLToPath } from 'node:url';
import { parseArgs, USAGE, UsageError } from './args.js';
import { checkRepository, DemoInterrupted, prepareWorkspace } from './paths.js';

/** This repository's root: what the demo analyses when no path is given. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

function fail(message: string, code: number): void {
  process.stderr.write(`demo: ${message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
  process.exitCode = code;
}

// Last resort: whatever escapes is still one line.
process.on('uncaughtException', (error) => {
  fail(error instanceof Error ? error.message : String(error), 1);
  process.exit();
});
process.on('unhandledRejection', (error) => {
  fail(error instanceof Error ? error.message : String(error), 1);
  process.exit();
});

async function main(): Promise<void> {
  // Through `pnpm demo`, relative paths are meant from where pnpm was run, not from the repository root.
  const cwd =
    process.env.npm_lifecycle_event === 'demo' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  let command: ReturnType<typeof parseArgs>;
  try {
    command = parseArgs(process.argv.slice(2), cwd, REPOSITORY_ROOT);
  } catch (error) {
    if (error instanceof UsageError) {
      fail(`${error.message}`, 2);
      return;
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The first SIGINT (Ctrl-C) or SIGTERM stops the run cleanly: the scan is cancelled, the analysis
  // stops between two files, the workspace is closed. Both handlers are removed as the first runs, so
  // a second signal finds none and the operating system's default stops the process at once.
  const interrupt = new AbortController();
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => (): void => {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
    process.stderr.write(`demo: ${name} received: stopping cleanly (a second one stops at once)\n`);
    interrupt.abort(name);
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  try {
    // Bad paths fail fast, before the packages and the TypeScript compiler are loaded.
    checkRepository(command.repository);
    if (command.workspace !== null) prepareWorkspace(command.workspace);
    const [{ runDemo }, { statusSink }, { renderReport }] = await Promise.all([
      import('./demo.js'),
      import('./progress.js'),
      import('./report.js'),
    ]);
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const result = await runDemo({
      repository: command.repository,
      workspace: command.workspace,
      keep: command.keep,
      sink: statusSink(process.stderr),
      signal: interrupt.signal,
    });
    process.stdout.write(command.json ? `${JSON.stringify(result, null, 2)}\n` : renderReport(result));
  } catch (error) {
    const code = error instanceof DemoInterrupted ? (interrupt.signal.reason === 'SIGTERM' ? 143 : 130) : 1;
    fail(error instanceof Error ? error.message : String(error), code);
  }
}

await main();
