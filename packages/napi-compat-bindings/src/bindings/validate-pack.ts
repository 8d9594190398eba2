import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JsValidatePackResult } from '../contract/analysis.js';
import {
  expectArray,
  expectFloat,
  expectString,
  expectStringArray,
  expectTable,
  expectUnsigned,
  isTable,
  missingField,
  parseTomlRecord,
  type TomlRecord,
  TomlShapeError,
} from '../typed-toml.js';
import { quoteInput } from './args.js';

// `driftValidatePack` as the reference's `FrameworkPackRegistry::load_single`
// (drift-analysis/src/frameworks/loader.rs `load_from_str`, types.rs `FrameworkSpec`):
// - The TOML must deserialize into the typed pack: `[framework]` with `name` and `languages`, optional
//   `display_name`, `version`, `detect_by`; `[[patterns]]` each with `id`, `category` and a `match`
//   table. A failure there is the only way a pack is invalid.
// - Everything else is filtered, not refused: unknown languages are dropped from the count, a pattern
//   with an unknown category is skipped, a regex that does not compile (Rust `regex` syntax) is skipped,
//   and a pattern is skipped when it had regex fields, none compiled, and it has no other matcher. An
//   invalid glob in `file_patterns` does not count as a matcher.
// Regexes are compiled by the Rust `regex` crate itself (the `rregex` package: its WebAssembly build),
// so `(?i)`, `(?x)`, `\p{Greek}`, `[[:alpha:]]` and friends are accepted and look-around or
// backreferences are not, exactly as in the reference.

/** The pattern categories a pack may use (`PatternCategory::parse_str`). */
export const PACK_CATEGORIES: readonly string[] = Object.freeze([
  'api',
  'auth',
  'components',
  'config',
  'contracts',
  'data_access',
  'documentation',
  'errors',
  'logging',
  'performance',
  'security',
  'structural',
  'styling',
  'testing',
  'types',
  'accessibility',
]);

/** Language names a pack may list, lower-cased (`parse_language`); anything else is not counted. */
export const PACK_LANGUAGES: readonly string[] = Object.freeze([
  'typescript',
  'ts',
  'javascript',
  'js',
  'python',
  'py',
  'java',
  'csharp',
  'c#',
  'cs',
  'go',
  'golang',
  'rust',
  'rs',
  'ruby',
  'rb',
  'php',
  'kotlin',
  'kt',
  'cpp',
  'c++',
  'c',
  'swift',
  'scala',
]);

const LANGUAGES: ReadonlySet<string> = new Set(PACK_LANGUAGES);
const CATEGORIES: ReadonlySet<string> = new Set(PACK_CATEGORIES);

/** The match-block lists holding regexes. */
const REGEX_FIELDS = [
  'function_names',
  'class_names',
  'string_literals',
  'content_patterns',
  'doc_comments',
  'type_annotations',
] as const;

/** The match-block lists holding literals, each a matcher when it is not empty. */
const LITERAL_FIELDS = [
  'imports',
  'decorators',
  'calls',
  'extends',
  'implements',
  'param_types',
  'return_types',
  'exports',
  'error_handling',
] as const;

/** The keys a `[[framework.detect_by]]` entry is recognised by, in the order serde tries them. */
const SIGNAL_KEYS = ['import', 'file_pattern', 'decorator', 'dependency'] as const;

interface RustRegexModule {
  RRegex: new (source: string) => { free(): void };
}

let rustRegex: RustRegexModule | null = null;

/**
 * The Rust `regex` engine, loaded on first use: the package's CommonJS build, which compiles its 1 MB
 * WebAssembly module synchronously (its ES module build needs a top-level await, which a synchronous
 * `driftValidatePack` cannot wait for). Loaded by file path, whatever export conditions are active.
 */
function regexEngine(): RustRegexModule {
  if (rustRegex === null) {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('rregex/package.json'));
    rustRegex = require(join(root, 'lib', 'commonjs.cjs')) as RustRegexModule;
  }
  return rustRegex;
}

/** Whether the Rust `regex` crate (`Regex::new`) accepts `source`. */
export function isRustRegex(source: string): boolean {
  const { RRegex } = regexEngine();
  let compiled: { free(): void } | null = null;
  try {
    compiled = new RRegex(source);
    return true;
  } catch {
    return false;
  } finally {
    compiled?.free();
  }
}

function isSeparator(char: string | undefined): boolean {
  return char === '/';
}

/**
 * Whether the `glob` crate's `Pattern::new` accepts `pattern`: no run of three or more `*`, `**` only as
 * a whole path component, and every `[` closed (`[!...]` needs at least one character before its `]`).
 */
export function isGlobPattern(pattern: string): boolean {
  const chars = Array.from(pattern);
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (c === '*') {
      const start = i;
      while (i < chars.length && chars[i] === '*') i += 1;
      const run = i - start;
      if (run > 2) return false;
      if (run === 2) {
        const startsComponent = i === 2 || isSeparator(chars[start - 1]);
        if (!startsComponent) return false;
        if (i < chars.length) {
          if (!isSeparator(chars[i])) return false;
          i += 1;
        }
      }
      continue;
    }
    if (c === '[') {
      if (i + 4 <= chars.length && chars[i + 1] === '!') {
        const close = chars.indexOf(']', i + 3);
        if (close >= 0) {
          i = close + 1;
          continue;
        }
      } else if (i + 3 <= chars.length && chars[i + 1] !== '!') {
        const close = chars.indexOf(']', i + 2);
        if (close >= 0) {
          i = close + 1;
          continue;
        }
      }
      return false;
    }
    i += 1;
  }
  return true;
}

function optionalString(table: TomlRecord, field: string, key: string): string | null {
  const value = table[field];
  return value === undefined ? null : expectString(value, `${key}.${field}`);
}

function listOf(table: TomlRecord, field: string, key: string): string[] {
  const value = table[field];
  return value === undefined ? [] : expectStringArray(value, `${key}.${field}`);
}

/** A `[[framework.detect_by]]` entry of the untagged `DetectSignal` enum: one of its string keys. */
function checkSignal(value: unknown, key: string): void {
  if (isTable(value) && SIGNAL_KEYS.some((k) => typeof value[k] === 'string')) return;
  // serde also reads a one-field struct variant from a one-element sequence.
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return;
  throw new TomlShapeError(
    `data did not match any variant of untagged enum DetectSignal for key \`${quoteInput(key)}\``,
    key,
  );
}

interface MatchBlock {
  readonly lists: Readonly<Record<string, string[]>>;
}

/** A `match` (or `not`) table of the typed `MatchBlock`. */
function readMatchBlock(value: unknown, key: string): MatchBlock {
  const table = expectTable(value, 'MatchBlock', key);
  const lists: Record<string, string[]> = {};
  for (const field of [...LITERAL_FIELDS, ...REGEX_FIELDS, 'file_patterns']) {
    lists[field] = listOf(table, field, key);
  }
  optionalString(table, 'language', key);
  if (table.not !== undefined) readMatchBlock(table.not, `${key}.not`);
  return { lists };
}

interface PatternDef {
  readonly category: string;
  readonly match: MatchBlock;
}

/** One `[[patterns]]` table of the typed `PatternDef`. */
function readPattern(value: unknown, key: string): PatternDef {
  const table = expectTable(value, 'PatternDef', key);
  if (table.id === undefined) throw missingField('id', key);
  expectString(table.id, `${key}.id`);
  if (table.category === undefined) throw missingField('category', key);
  const category = expectString(table.category, `${key}.category`);
  optionalString(table, 'description', key);
  optionalString(table, 'sub_type', key);
  if (table.confidence !== undefined) expectFloat(table.confidence, 'f32', `${key}.confidence`);
  if (table.cwe_ids !== undefined) {
    expectArray(table.cwe_ids, `${key}.cwe_ids`, (v, k) => expectUnsigned(v, 'u32', k));
  }
  optionalString(table, 'owasp', key);
  if (table.match === undefined) throw missingField('match', key);
  const match = readMatchBlock(table.match, `${key}.match`);
  if (table.learn !== undefined) {
    const learn = expectTable(table.learn, 'LearnDirective', `${key}.learn`);
    if (learn.group_by === undefined) throw missingField('group_by', `${key}.learn`);
    expectString(learn.group_by, `${key}.learn.group_by`);
    optionalString(learn, 'signal', `${key}.learn`);
    if (learn.deviation_threshold !== undefined) {
      expectFloat(learn.deviation_threshold, 'f64', `${key}.learn.deviation_threshold`);
    }
  }
  return { category, match };
}

/** Whether the reference keeps a pattern after compiling it (`compile_pattern` returns `Ok`). */
function patternSurvives(pattern: PatternDef): boolean {
  if (!CATEGORIES.has(pattern.category)) return false;
  const { lists } = pattern.match;
  const hadRegexInput = REGEX_FIELDS.some((field) => (lists[field] ?? []).length > 0);
  if (!hadRegexInput) return true;
  const compiledRegex = REGEX_FIELDS.some((field) =>
    (lists[field] ?? []).some((source) => source.length > 0 && isRustRegex(source)),
  );
  if (compiledRegex) return true;
  const otherMatcher =
    LITERAL_FIELDS.some((field) => (lists[field] ?? []).length > 0) ||
    (lists.file_patterns ?? []).some(isGlobPattern);
  return otherMatcher;
}

function invalid(error: string): JsValidatePackResult {
  return { valid: false, name: null, version: null, languageCount: 0, patternCount: 0, error };
}

/**
 * Checks a framework pack (TOML) as the reference's `driftValidatePack`: valid when it deserializes
 * into the typed pack; `languageCount` counts the languages the reference recognises and
 * `patternCount` the patterns it keeps. An invalid pack's `error` is `Invalid pattern: TOML parse
 * error: ...` (serde's wording, then the key), as the reference's `DetectionError`.
 */
export function validatePack(toml: string): JsValidatePackResult {
  let name: string;
  let version: string | null;
  let languages: string[];
  let patterns: PatternDef[];
  try {
    const document = parseTomlRecord(toml);
    if (document.framework === undefined) throw missingField('framework', '');
    const meta = expectTable(document.framework, 'FrameworkMeta', 'framework');
    if (meta.name === undefined) throw missingField('name', 'framework');
    name = expectString(meta.name, 'framework.name');
    optionalString(meta, 'display_name', 'framework');
    if (meta.languages === undefined) throw missingField('languages', 'framework');
    languages = expectStringArray(meta.languages, 'framework.languages');
    if (meta.detect_by !== undefined) expectArray(meta.detect_by, 'framework.detect_by', checkSignal);
    version = optionalString(meta, 'version', 'framework');
    patterns = document.patterns === undefined ? [] : expectArray(document.patterns, 'patterns', readPattern);
  } catch (error) {
    if (!(error instanceof TomlShapeError)) throw error;
    return invalid(`Invalid pattern: TOML parse error: ${error.message}`);
  }
  return {
    valid: true,
    name,
    version,
    languageCount: languages.filter((l) => LANGUAGES.has(l.toLowerCase())).length,
    patternCount: patterns.filter(patternSurvives).length,
    error: null,
  };
}
