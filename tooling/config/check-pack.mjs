// Packs the package in the current folder exactly as `pnpm publish` would (publishConfig applied),
// then checks the tarball with publint and with arethetypeswrong's ESM-only profile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'drift-pack-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
try {
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack produced no tarball in ${dir}`);
  run('publint', ['run', join(dir, tarball), '--strict']);
  run('attw', [join(dir, tarball), '--profile', 'esm-only']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
