import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { createDriftNapi, isGlobPattern, isRustRegex, validatePack } from '../src/index.js';
import { failureOf } from './helpers/napi-fixture.js';

// Expected values read from the reference: drift-napi/src/bindings/analysis.rs drift_validate_pack,
// drift-analysis/src/frameworks/loader.rs (load_from_str, compile_spec, compile_pattern,
// compile_regexes, parse_language), types.rs (FrameworkSpec and its serde attributes),
// engine/types.rs PatternCategory::parse_str, and drift-analysis/tests/frameworks_test.rs.

const packs = fileURLToPath(new URL('./fixtures/packs/', import.meta.url));
const pack = (name: string) => readFileSync(join(packs, name), 'utf8');

const napi = createDriftNapi({
  storageFactory: () => {
    throw new Error('driftValidatePack needs no storage');
  },
});

/** A pack whose framework table is `meta` and whose first pattern table is `pattern`. */
function packWith(meta: string, pattern = ''): string {
  return `[framework]\n${meta}\n${pattern === '' ? '' : `[[patterns]]\n${pattern}\n`}`;
}

describe('driftValidatePack accepts what the reference accepts', () => {
  it('a pack using the Rust regex syntax of the shipped packs and more: all 12 patterns kept', () => {
    // Before the initialize call, as the reference (no runtime::get()).
    expect(napi.driftValidatePack(pack('rust-regex-syntax.toml'))).toEqual({
      valid: true,
      name: 'syntax-pack',
      version: '2.1.0',
      languageCount: 6,
      patternCount: 12,
      error: null,
    });
  });

  it('patterns are skipped, not refused: unknown category, no regex that compiles and no other matcher', () => {
    expect(napi.driftValidatePack(pack('skipped-patterns.toml'))).toEqual({
      valid: true,
      name: 'skips',
      version: null,
      languageCount: 0,
      patternCount: 7,
      error: null,
    });
  });

  it('the reference tests FWT-CLI-01, FWT-LOAD-01..05', () => {
    // FWT-CLI-01
    expect(
      validatePack(
        '[framework]\nname = "valid-pack"\nlanguages = ["typescript"]\nversion = "1.0.0"\n\n[[patterns]]\nid = "VP-001"\ncategory = "structural"\n[patterns.match]\ncontent_patterns = ["test"]\n',
      ),
    ).toEqual({
      valid: true,
      name: 'valid-pack',
      version: '1.0.0',
      languageCount: 1,
      patternCount: 1,
      error: null,
    });
    // FWT-LOAD-01: a bad regex skips its pattern only.
    const mixed = [
      '[framework]\nname = "mixed-pack"\nlanguages = ["typescript"]\n',
      '[[patterns]]\nid = "GOOD-001"\ncategory = "security"\n[patterns.match]\ncontent_patterns = ["(?i)safe_pattern"]\n',
      '[[patterns]]\nid = "BAD-001"\ncategory = "security"\n[patterns.match]\ncontent_patterns = ["(?P<unclosed"]\n',
      '[[patterns]]\nid = "GOOD-002"\ncategory = "security"\n[patterns.match]\ncontent_patterns = ["(?i)another_safe"]\n',
    ].join('\n');
    expect(validatePack(mixed)).toMatchObject({ valid: true, patternCount: 2 });
    // FWT-LOAD-02: an empty regex alone skips the pattern.
    expect(
      validatePack(
        '[framework]\nname = "empty-regex"\nlanguages = ["typescript"]\n[[patterns]]\nid = "EMPTY-001"\ncategory = "security"\n[patterns.match]\ncontent_patterns = [""]\n',
      ),
    ).toMatchObject({ valid: true, patternCount: 0 });
    // FWT-LOAD-03: unknown languages are not counted.
    expect(
      validatePack(
        packWith(
          'name = "unknown-lang"\nlanguages = ["typescript", "klingon", "esperanto"]',
          'id = "L"\ncategory = "security"\n[patterns.match]\ncontent_patterns = ["test"]',
        ),
      ),
    ).toMatchObject({ valid: true, languageCount: 1, patternCount: 1 });
    // FWT-LOAD-04: an invalid detect_by glob does not invalidate the pack.
    expect(
      validatePack(
        '[framework]\nname = "bad-signal"\nlanguages = ["typescript"]\n[[framework.detect_by]]\nimport = "express"\n[[framework.detect_by]]\nfile_pattern = "[invalid-glob"\n[[patterns]]\nid = "SIG-001"\ncategory = "structural"\n[patterns.match]\ncontent_patterns = ["test"]\n',
      ),
    ).toMatchObject({ valid: true, patternCount: 1 });
    // FWT-LOAD-05: an unknown category skips its pattern.
    expect(
      validatePack(
        '[framework]\nname = "mixed"\nlanguages = ["typescript"]\n[[patterns]]\nid = "OK-001"\ncategory = "security"\nconfidence = 0.90\n[patterns.match]\nimports = ["helmet"]\n[[patterns]]\nid = "BAD-CATEGORY"\ncategory = "does_not_exist"\n[patterns.match]\ncontent_patterns = ["test"]\n[[patterns]]\nid = "OK-002"\ncategory = "auth"\n[patterns.match]\ndecorators = ["Authenticated"]\n',
      ),
    ).toMatchObject({ valid: true, patternCount: 2 });
  });

  it('no check beyond the types: an empty name, no patterns, languages counted with repeats', () => {
    expect(validatePack(packWith('name = ""\nlanguages = ["ts", "typescript", "TS"]'))).toEqual({
      valid: true,
      name: '',
      version: null,
      languageCount: 3,
      patternCount: 0,
      error: null,
    });
  });
});

describe('driftValidatePack refuses what does not deserialize into FrameworkSpec', () => {
  const cases: [string, string, string][] = [
    // FWT-CLI-02
    ['not TOML', 'this is not valid toml {{{', 'TOML parse error at line 1'],
    ['no [framework]', '[[patterns]]\nid = "a"\n', 'missing field `framework`'],
    // FWT-CLI-03
    ['no name', '[framework]\nlanguages = ["typescript"]\n', 'missing field `name` for key `framework`'],
    ['no languages', '[framework]\nname = "x"\n', 'missing field `languages` for key `framework`'],
    [
      'languages not a list',
      packWith('name = "x"\nlanguages = "ts"'),
      'invalid type: string "ts", expected a sequence for key `framework.languages`',
    ],
    [
      'version not a string',
      packWith('name = "x"\nlanguages = []\nversion = 1'),
      'invalid type: integer `1`, expected a string for key `framework.version`',
    ],
    [
      'a detect_by entry of no known variant',
      '[framework]\nname = "x"\nlanguages = []\n[[framework.detect_by]]\npackage = "x"\n',
      'data did not match any variant of untagged enum DetectSignal for key `framework.detect_by[0]`',
    ],
    [
      'a pattern without match',
      packWith('name = "x"\nlanguages = []', 'id = "a"\ncategory = "api"'),
      'missing field `match` for key `patterns[0]`',
    ],
    [
      'a pattern without id',
      packWith('name = "x"\nlanguages = []', 'category = "api"\n[patterns.match]'),
      'missing field `id` for key `patterns[0]`',
    ],
    [
      'a confidence that is not a number',
      packWith(
        'name = "x"\nlanguages = []',
        'id = "a"\ncategory = "api"\nconfidence = "high"\n[patterns.match]',
      ),
      'invalid type: string "high", expected f32 for key `patterns[0].confidence`',
    ],
    [
      'a negative CWE id',
      packWith('name = "x"\nlanguages = []', 'id = "a"\ncategory = "api"\ncwe_ids = [-1]\n[patterns.match]'),
      'invalid value: integer `-1`, expected u32 for key `patterns[0].cwe_ids[0]`',
    ],
    [
      'a learn block without group_by',
      packWith(
        'name = "x"\nlanguages = []',
        'id = "a"\ncategory = "api"\n[patterns.match]\n[patterns.learn]\nsignal = "x"',
      ),
      'missing field `group_by` for key `patterns[0].learn`',
    ],
    [
      'a not block that is not a table',
      packWith('name = "x"\nlanguages = []', 'id = "a"\ncategory = "api"\n[patterns.match]\nnot = 5'),
      'invalid type: integer `5`, expected struct MatchBlock for key `patterns[0].match.not`',
    ],
    [
      'a regex list holding a number',
      packWith(
        'name = "x"\nlanguages = []',
        'id = "a"\ncategory = "api"\n[patterns.match]\ncontent_patterns = [1]',
      ),
      'invalid type: integer `1`, expected a string for key `patterns[0].match.content_patterns[0]`',
    ],
  ];
  for (const [label, toml, detail] of cases) {
    it(label, () => {
      const result = validatePack(toml);
      // drift_validate_pack's Err arm; the error is DetectionError::InvalidPattern("TOML parse error: {e}").
      expect(result).toMatchObject({
        valid: false,
        name: null,
        version: null,
        languageCount: 0,
        patternCount: 0,
      });
      expect(result.error).toMatch(/^Invalid pattern: TOML parse error: /);
      expect(result.error).toContain(detail);
    });
  }

  it('TOML that only TOML 1.1 allows (the reference parses with the toml 0.8 crate, TOML 1.0)', () => {
    for (const [toml, what] of [
      [packWith('name = "a\\eb"\nlanguages = []'), 'the escape \\e'],
      [packWith('name = "\\x41"\nlanguages = []'), 'the escape \\x'],
      [
        '[framework]\nname = "x"\nlanguages = []\nmeta = { a = 1,\n b = 2 }\n',
        'a newline inside an inline table',
      ],
      ['[framework]\nname = "x"\nlanguages = []\nmeta = { a = 1, }\n', 'a trailing comma in an inline table'],
      ['[framework]\nname = "x"\nlanguages = []\nat = 07:32\n', 'a time without seconds'],
    ] as const) {
      const result = validatePack(toml);
      expect(result.valid, toml).toBe(false);
      expect(result.error).toMatch(
        /^Invalid pattern: TOML parse error: TOML parse error at line \d+, column \d+: /,
      );
      expect(result.error).toContain(what);
    }
    // An integer beyond i64, even under a key the pack does not use.
    expect(
      validatePack('[framework]\nname = "x"\nlanguages = []\nbig = 9223372036854775808\n').error,
    ).toContain('number too large to fit in target type');
    // The same shapes in TOML 1.0 are fine.
    expect(
      validatePack(
        '[framework]\nname = "a\\u0041"\nlanguages = []\nmeta = { a = [\n1,\n2,\n] }\nat = 07:32:00\n',
      ).valid,
    ).toBe(true);
  });

  it('patterns that are not an array of tables', () => {
    expect(validatePack('patterns = 5\n[framework]\nname = "x"\nlanguages = []\n').error).toBe(
      'Invalid pattern: TOML parse error: invalid type: integer `5`, expected a sequence for key `patterns`',
    );
  });

  it('a non-string argument fails the conversion: INVALID_ARGUMENT', async () => {
    const error = await failureOf(() => napi.driftValidatePack(7 as never));
    expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toBe(
      '[INVALID_ARGUMENT] driftValidatePack: tomlContent must be a string of TOML, got the number 7',
    );
  });
});

describe('the syntax checks behind it', () => {
  it('regexes are compiled by the Rust regex crate', () => {
    for (const source of ['(?i)x', '(?x) a # c', '\\p{Greek}', '[[:alpha:]]', '(?P<n>a)', '\\<w\\>', 'a**']) {
      expect(isRustRegex(source), source).toBe(true);
    }
    for (const source of ['(?=x)', '(?<!x)', '\\1', '\\Q.\\E', 'a{,5}', 'x{y}', '(', '[z-a]']) {
      expect(isRustRegex(source), source).toBe(false);
    }
  });

  it('globs follow glob::Pattern::new', () => {
    for (const glob of ['', '*.ts', '**', '**/x', 'a/**', 'a/**/b', '[ab]', '[!a]', '[]]', '?', 'a*b']) {
      expect(isGlobPattern(glob), glob).toBe(true);
    }
    for (const glob of ['***', 'a**', '**a', 'a**/b', 'a/**b', '[', '[a', '[!]', '[!a', 'x[']) {
      expect(isGlobPattern(glob), glob).toBe(false);
    }
  });
});
