import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitignoreRules, readIgnoreFile, readIgnoreLines, toByteString } from '../src/scanner/index.js';

// The reference walker (drift-analysis `scanner/walker.rs`) matches ignore files and overrides with
// the `ignore` crate 0.4.25 (Cargo.lock of drift v2/crates/drift), whose line syntax is defined in
// its `gitignore.rs` (`GitignoreBuilder::add_line`) on top of `globset` 0.4.18 (`glob.rs`: literal
// separator, backslash escapes, `**` only next to slashes). The cases below are that crate's own
// table of what a single rule file ignores (its `gitignore.rs` tests), plus cases read off the
// parser.

const rules = (text: string, allowUnclosedClass = true) =>
  GitignoreRules.fromLines(text.split('\n'), { allowUnclosedClass });

describe('gitignore rules (ignore 0.4.25 gitignore.rs, globset 0.4.18 glob.rs)', () => {
  const ignored: Array<[string, string, boolean?]> = [
    ['months', 'months'],
    ['*.lock', 'Cargo.lock'],
    ['*.rs', 'src/main.rs'],
    ['src/*.rs', 'src/main.rs'],
    ['/*.c', 'cat-file.c'],
    ['/src/*.rs', 'src/main.rs'],
    ['!src/main.rs\n*.rs', 'src/main.rs'],
    ['foo/', 'foo', true],
    ['**/foo', 'foo'],
    ['**/foo', 'src/foo'],
    ['**/foo/**', 'src/foo/bar'],
    ['**/foo/**', 'wat/src/foo/bar/baz'],
    ['**/foo/bar', 'foo/bar'],
    ['**/foo/bar', 'src/foo/bar'],
    ['abc/**', 'abc/x'],
    ['abc/**', 'abc/x/y'],
    ['abc/**', 'abc/x/y/z'],
    ['a/**/b', 'a/b'],
    ['a/**/b', 'a/x/b'],
    ['a/**/b', 'a/x/y/b'],
    ['\\!xy', '!xy'],
    ['\\#foo', '#foo'],
    ['target', 'grep/target'],
    ['foo/', 'xyz/foo', true],
    ['node_modules/ ', 'node_modules', true],
    ['**/', 'foo/bar', true],
    ['path1/*', 'path1/foo'],
    ['.a/b', '.a/b'],
    ['\\[', '['],
    ['\\?', '?'],
    ['\\*', '*'],
    ['\\a', 'a'],
    ['s*.rs', 'sfoo.rs'],
    ['**', 'foo.rs'],
    ['**/**/*', 'a/foo.rs'],
    ['*.html', 'foo.html'],
    // Read off the parser: alternates, classes, an unclosed class taken literally in an ignore file,
    // `**` next to other characters acting as `*`, a lone `!` whitelisting everything (below).
    ['{a,b}.ts', 'x/b.ts'],
    ['[!a]b', 'cb'],
    ['[a-c]x', 'bx'],
    ['[abc', '[abc'],
    ['a**', 'abc'],
    ['**a', 'xa'],
    ['foo\\ ', 'foo '],
  ];
  it.each(ignored)('%j ignores %s', (text, path, isDir = false) => {
    expect(rules(text).match(toByteString(path), isDir)).toBe('ignore');
  });

  const notIgnored: Array<[string, string, boolean?]> = [
    ['amonths', 'months'],
    ['monthsa', 'months'],
    ['/src/*.rs', 'src/grep/src/main.rs'],
    ['/*.c', 'mozilla-sha1/sha1.c'],
    ['*.rs\n!src/main.rs', 'src/main.rs'],
    ['foo/', 'foo', false],
    ['**/foo/**', 'wat/src/afoo/bar/baz'],
    ['**/foo/**', 'wat/src/fooa/bar/baz'],
    ['**/foo/bar', 'foo/src/bar'],
    ['#foo', '#foo'],
    ['\n\n\n', 'foo'],
    ['foo/**', 'foo', true],
    ['!/bar', 'foo/bar'],
    ['*\n!**/', 'foo', true],
    ['src/*.rs', 'src/grep/src/main.rs'],
    ['path1/*', 'path2/path1/foo'],
    ['s*.rs', 'src/foo.rs'],
    ['*.html', 'foo.HTML'],
    ['*.html', 'foo.htm'],
    ['a**', 'a/b'],
    ['[!a]b', 'ab'],
  ];
  it.each(notIgnored)('%j does not ignore %s', (text, path, isDir = false) => {
    expect(rules(text).match(toByteString(path), isDir)).not.toBe('ignore');
  });

  it('the last matching rule decides; `!` whitelists; a lone `!` whitelists everything', () => {
    expect(rules('*.log\n!keep.log').match('keep.log', false)).toBe('whitelist');
    expect(rules('!keep.log\n*.log').match('keep.log', false)).toBe('ignore');
    expect(rules('!').match('any/thing', false)).toBe('whitelist');
    expect(rules('x').match('y', false)).toBeNull();
  });

  it('`?` and classes match one byte of the UTF-8 encoding, as globset byte regexes do', () => {
    // globset's `(?-u)` regexes: `?` is one byte, so a two-byte character needs `??`.
    expect(rules('a?b').match(toByteString('aéb'), false)).toBeNull();
    expect(rules('a??b').match(toByteString('aéb'), false)).toBe('ignore');
    expect(rules('é*').match(toByteString('éa'), false)).toBe('ignore');
  });

  it('overrides refuse an unclosed class (the rule is dropped) where ignore files take it literally', () => {
    // OverrideBuilder::new sets allow_unclosed_class(false); GitignoreBuilder defaults it to true.
    expect(rules('[abc', false).isEmpty).toBe(true);
    expect(rules('[abc\n*.ts', false).match('a.ts', false)).toBe('ignore');
    // Invalid globs are skipped line by line: an unopened `}`, a dangling escape, a bad range.
    expect(rules('a}\nfoo\\\n[z-a]\nkeep', true).match('keep', false)).toBe('ignore');
    expect(rules('a}\nfoo\\\n[z-a]', true).isEmpty).toBe(true);
  });
});

describe('reading an ignore file (GitignoreBuilder::add: BufRead::lines, BOM, invalid UTF-8)', () => {
  it('splits at \\n dropping a \\r before it, strips a leading BOM, stops at a line that is not UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-glob-'));
    try {
      const file = join(dir, '.gitignore');
      writeFileSync(
        file,
        Buffer.concat([
          Buffer.from('\ufeffa.ts\r\nb.ts\n'),
          Buffer.from([0x63, 0xff, 0x0a]), // "c\xff": not UTF-8, reading stops here
          Buffer.from('d.ts\n'),
        ]),
      );
      expect(readIgnoreLines(file)).toEqual(['a.ts', 'b.ts']);
      const gi = readIgnoreFile(file);
      expect(gi.match('a.ts', false)).toBe('ignore');
      expect(gi.match('d.ts', false)).toBeNull();
      expect(readIgnoreLines(join(dir, 'missing'))).toBeNull();
      expect(readIgnoreFile(join(dir, 'missing')).isEmpty).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
