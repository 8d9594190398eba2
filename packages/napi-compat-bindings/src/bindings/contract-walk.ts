import { opendirSync, readFileSync, statSync } from 'node:fs';

// The source walk of the reference's `driftContractTracking` (`walk_source_files` in
// `drift-napi/src/bindings/structural.rs`): its own recursive walk, not the scanner's.

/** Folder names the walk never enters (the root included). */
const CONTRACT_SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'target',
  'dist',
  'build',
  '.next',
  '__pycache__',
]);

/** File extensions the walk collects (case-sensitive). */
const CONTRACT_SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  'ts',
  'tsx',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'py',
  'rb',
  'java',
  'kt',
  'cs',
  'go',
  'rs',
  'php',
]);

/** `Path::is_dir`: follows links; anything that cannot be read is not a folder. */
function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `Path::file_name`: the last normal component (none for `.`, `..` or `/`). */
function fileName(path: string): string | null {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const last = parts.at(-1);
  return last === undefined || last === '..' ? null : last;
}

/** `Path::extension`: after the last dot of the file name, none for `.hidden` names or names without one. */
function extension(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? null : name.slice(dot + 1);
}

/** `Path::join` on Unix: one `/` between the parts. */
const join = (dir: string, name: string): string =>
  dir === '' || dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;

function walk(dir: string, out: string[]): void {
  if (!isDir(dir)) return;
  const name = fileName(dir);
  if (name !== null && CONTRACT_SKIPPED_FOLDERS.has(name)) return;
  // The entries in the order the file system gives them, as `read_dir` (readdir would sort them).
  const handle = opendirSync(dir);
  try {
    for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
      const path = join(dir, entry.name);
      if (isDir(path)) {
        walk(path, out);
      } else {
        const ext = extension(entry.name);
        if (ext !== null && CONTRACT_SOURCE_EXTENSIONS.has(ext)) out.push(path);
      }
    }
  } finally {
    handle.closeSync();
  }
}

/**
 * The source files under `root` as the reference walks them. An unreadable folder anywhere makes the
 * whole walk come back empty (the reference's `?` discards it).
 */
export function walkContractSources(root: string): string[] {
  const out: string[] = [];
  try {
    walk(root, out);
  } catch {
    return [];
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `fs::read_to_string`: the text, or null when the file cannot be read or is not valid UTF-8. */
export function readUtf8(path: string): string | null {
  try {
    return utf8.decode(readFileSync(path));
  } catch {
    return null;
  }
}
