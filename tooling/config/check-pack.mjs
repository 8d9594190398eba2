// Packs the package in the current folder exactly as `pnpm publish` would (publishConfig applied),
// then checks the tarball: publint, arethetypeswrong's ESM-only profile, a LICENSE, and source maps
// whose every source is inside the tarball (so that a consumer's debugger and Go to Definition land on
// real files). The tools' reports are printed only when a check fails; a pass is one line.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'drift-pack-'));
const name = JSON.parse(readFileSync('package.json', 'utf8')).name;

/** Runs a checker quietly; on failure prints what it said and exits with its status. */
function check(label, cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(`${name}: ${label} failed\n${error.stdout || ''}${error.stderr || error.message}\n`);
    process.exit(typeof error.status === 'number' && error.status !== 0 ? error.status : 1);
  }
}

/** Every `*.map` under `root`. */
function maps(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.map'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

try {
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack produced no tarball in ${dir}`);
  const archive = join(dir, tarball);
  check('publint', 'publint', ['run', archive, '--strict']);
  check('arethetypeswrong', 'attw', [archive, '--profile', 'esm-only']);
  execFileSync('tar', ['-xzf', archive, '-C', dir]);
  const root = join(dir, 'package');
  const problems = [];
  const license = join(root, 'LICENSE');
  if (!existsSync(license)) problems.push('the tarball has no LICENSE');
  else if (readFileSync(license, 'utf8') !== readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8'))
    problems.push("the package's LICENSE differs from the repository's");
  let sources = 0;
  for (const map of maps(root)) {
    for (const source of JSON.parse(readFileSync(map, 'utf8')).sources ?? []) {
      sources += 1;
      const target = resolve(dirname(map), source);
      if (!target.startsWith(`${root}/`) || !existsSync(target)) {
        problems.push(`${relative(root, map)} points at ${source}, which is not in the tarball`);
      }
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`${name}: ${problems.slice(0, 10).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `${name}: publint, arethetypeswrong (esm-only), LICENSE and ${sources} source-map sources ok\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
