import { readFileSync } from 'node:fs';
import { isRustWhitespace } from '../bindings/native.js';

// Gitignore-style matching with the semantics of the Rust `ignore` crate (0.4.25) that the reference
// walker uses, on top of `globset` (0.4.18) glob syntax: `*` and `?` never match `/`, `**` only at
// the start, at the end or between slashes, `[...]` classes (`!`/`^` negate), `{a,b}` alternatives,
// `\` escapes. Globs are matched against the UTF-8 bytes of a path (each byte one latin1 character),
// as globset's byte regexes are, so `?` matches one byte like there.

/** What a set of rules says about a path: ignore it, whitelist it (a `!` rule), or nothing. */
export type RuleMatch = 'ignore' | 'whitelist' | null;

type Token =
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'star' }
  | { readonly kind: 'recursivePrefix' }
  | { readonly kind: 'recursiveSuffix' }
  | { readonly kind: 'recursiveZeroOrMore' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: Array<[string, string]> }
  | { readonly kind: 'alternates'; readonly branches: Token[][] };

class GlobSyntaxError extends Error {}

/** Parses one glob into tokens, following globset's parser (literal separators, backslash escapes). */
class GlobParser {
  readonly #chars: string[];
  #index = 0;
  #prev: string | undefined;
  #cur: string | undefined;
  readonly #alternatesStack: number[] = [];
  readonly branches: Token[][] = [[]];
  #foundUnclosedClass = false;

  constructor(
    glob: string,
    private readonly allowUnclosedClass: boolean,
  ) {
    this.#chars = Array.from(glob);
  }

  parse(): Token[] {
    for (let c = this.#bump(); c !== undefined; c = this.#bump()) {
      if (c === '?') this.#push({ kind: 'any' });
      else if (c === '*') this.#parseStar();
      else if (c === '[' && !this.#foundUnclosedClass) this.#parseClass();
      else if (c === '{') {
        this.#alternatesStack.push(this.branches.length);
        this.branches.push([]);
      } else if (c === '}') {
        const start = this.#alternatesStack.pop();
        if (start === undefined) throw new GlobSyntaxError('unopened alternates');
        this.#push({ kind: 'alternates', branches: this.branches.splice(start) });
      } else if (c === ',') {
        if (this.#alternatesStack.length === 0) this.#push({ kind: 'literal', char: ',' });
        else this.branches.push([]);
      } else if (c === '\\') {
        const next = this.#bump();
        if (next === undefined) throw new GlobSyntaxError('dangling escape');
        this.#push({ kind: 'literal', char: next });
      } else this.#push({ kind: 'literal', char: c });
    }
    if (this.branches.length > 1) throw new GlobSyntaxError('unclosed alternates');
    return this.branches[0] ?? [];
  }

  #bump(): string | undefined {
    this.#prev = this.#cur;
    this.#cur = this.#chars[this.#index];
    if (this.#cur !== undefined) this.#index += 1;
    return this.#cur;
  }

  #peek(): string | undefined {
    return this.#chars[this.#index];
  }

  #current(): Token[] {
    const branch = this.branches[this.branches.length - 1];
    if (branch === undefined) throw new GlobSyntaxError('unopened alternates');
    return branch;
  }

  #push(token: Token): void {
    this.#current().push(token);
  }

  #parseStar(): void {
    const prev = this.#prev;
    if (this.#peek() !== '*') {
      this.#push({ kind: 'star' });
      return;
    }
    this.#bump();
    const branch = this.#current();
    if (branch.length === 0) {
      const next = this.#peek();
      if (next !== undefined && next !== '/') {
        this.#push({ kind: 'star' });
        this.#push({ kind: 'star' });
      } else {
        this.#push({ kind: 'recursivePrefix' });
        this.#bump();
      }
      return;
    }
    if (prev !== '/' && (this.branches.length <= 1 || (prev !== ',' && prev !== '{'))) {
      this.#push({ kind: 'star' });
      this.#push({ kind: 'star' });
      return;
    }
    const next = this.#peek();
    let isSuffix: boolean;
    if (next === undefined) {
      this.#bump();
      isSuffix = true;
    } else if ((next === ',' || next === '}') && this.branches.length >= 2) {
      isSuffix = true;
    } else if (next === '/') {
      this.#bump();
      isSuffix = false;
    } else {
      this.#push({ kind: 'star' });
      this.#push({ kind: 'star' });
      return;
    }
    const last = branch.pop();
    if (last?.kind === 'recursivePrefix' || last?.kind === 'recursiveSuffix') branch.push(last);
    else branch.push({ kind: isSuffix ? 'recursiveSuffix' : 'recursiveZeroOrMore' });
  }

  #parseClass(): void {
    const saved = { index: this.#index, prev: this.#prev, cur: this.#cur };
    const ranges: Array<[string, string]> = [];
    const setEnd = (range: [string, string], end: string): void => {
      range[1] = end;
      if ((range[1].codePointAt(0) ?? 0) < (range[0].codePointAt(0) ?? 0)) {
        throw new GlobSyntaxError(`invalid range ${range[0]}-${range[1]}`);
      }
    };
    const peeked = this.#peek();
    const negated = peeked === '!' || peeked === '^';
    if (negated) this.#bump();
    let first = true;
    let inRange = false;
    for (;;) {
      const c = this.#bump();
      if (c === undefined) {
        if (!this.allowUnclosedClass) throw new GlobSyntaxError('unclosed character class');
        this.#index = saved.index;
        this.#prev = saved.prev;
        this.#cur = saved.cur;
        this.#foundUnclosedClass = true;
        this.#push({ kind: 'literal', char: '[' });
        return;
      }
      if (c === ']') {
        if (!first) break;
        ranges.push([']', ']']);
      } else if (c === '-') {
        if (first) ranges.push(['-', '-']);
        else if (inRange) {
          setEnd(ranges[ranges.length - 1] as [string, string], '-');
          inRange = false;
        } else inRange = true;
      } else {
        if (inRange) setEnd(ranges[ranges.length - 1] as [string, string], c);
        else ranges.push([c, c]);
        inRange = false;
      }
      first = false;
    }
    if (inRange) ranges.push(['-', '-']);
    this.#push({ kind: 'class', negated, ranges });
  }
}

const ENCODER = new TextEncoder();

/** A character as regex text matching its UTF-8 bytes (each escaped unless alphanumeric). */
function literalBytes(char: string): string {
  let out = '';
  for (const byte of ENCODER.encode(char)) {
    out +=
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function tokensToRegex(tokens: readonly Token[]): string {
  let re = '';
  for (const token of tokens) {
    switch (token.kind) {
      case 'literal':
        re += literalBytes(token.char);
        break;
      case 'any':
        re += '[^/]';
        break;
      case 'star':
        re += '[^/]*';
        break;
      case 'recursivePrefix':
        re += '(?:/?|[^\\n]*/)';
        break;
      case 'recursiveSuffix':
        re += '/[^\\n]*';
        break;
      case 'recursiveZeroOrMore':
        re += '(?:/|/[^\\n]*/)';
        break;
      case 'class':
        re += token.negated ? '[^' : '[';
        for (const [from, to] of token.ranges) {
          re += from === to ? literalBytes(from) : `${literalBytes(from)}-${literalBytes(to)}`;
        }
        re += ']';
        break;
      case 'alternates': {
        const parts = token.branches.map(tokensToRegex).filter((part) => part.length > 0);
        if (parts.length > 0) re += `(?:${parts.join('|')})`;
        break;
      }
    }
  }
  return re;
}

/**
 * A compiled glob: its regex, and literal byte strings every path it matches has (checked first:
 * most paths fail them, far cheaper than the regex).
 */
interface CompiledGlob {
  readonly regex: RegExp;
  /** The literal bytes the glob ends with (the regex is anchored at the end), or ''. */
  readonly suffix: string;
  /** The literal bytes the glob starts with (the regex is anchored at the start), or ''. */
  readonly prefix: string;
  /** The longest run of literal bytes outside alternates (the path contains it), or ''. */
  readonly needle: string;
  /**
   * For a glob `**\/name` (a name without `/`, as a gitignore line `name` becomes): `name` as bytes,
   * which the last component of every path it matches is; else null.
   */
  readonly basename: string | null;
}

/** The UTF-8 bytes of a literal as latin1 characters, as paths are matched. */
const literalRun = (chars: readonly string[]): string => toByteString(chars.join(''));

/** Compiles a glob (globset syntax, `*` not crossing `/`) to a regex over latin1-encoded UTF-8 bytes. */
function compileGlob(glob: string, allowUnclosedClass: boolean): CompiledGlob {
  const tokens = new GlobParser(glob, allowUnclosedClass).parse();
  const only = tokens.length === 1 ? tokens[0] : undefined;
  const body = only?.kind === 'recursivePrefix' ? '[^\\n]*' : tokensToRegex(tokens);
  let needle = '';
  let run: string[] = [];
  const leading: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'literal') break;
    leading.push(token.char);
  }
  for (const token of tokens) {
    if (token.kind === 'literal') {
      run.push(token.char);
      continue;
    }
    const text = literalRun(run);
    if (text.length > needle.length) needle = text;
    run = [];
  }
  const suffix = literalRun(run);
  if (suffix.length > needle.length) needle = suffix;
  const basename =
    tokens[0]?.kind === 'recursivePrefix' &&
    run.length === tokens.length - 1 &&
    suffix !== '' &&
    !suffix.includes('/')
      ? suffix
      : null;
  const prefix = literalRun(leading);
  return {
    regex: new RegExp(`^${body}$`),
    suffix,
    prefix,
    needle: needle === suffix || needle === prefix ? '' : needle,
    basename,
  };
}

/** A path as one latin1 character per UTF-8 byte (ASCII paths are returned as they are). */
export function toByteString(path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/^[\x00-\x7f]*$/.test(path)) return path;
  return Buffer.from(path, 'utf8').toString('latin1');
}

interface CompiledRule extends CompiledGlob {
  readonly whitelist: boolean;
  readonly onlyDir: boolean;
}

/** How the lines of one rule set are read. */
export interface RuleOptions {
  /** An unclosed `[` is a literal (gitignore files) rather than an invalid rule (overrides). */
  readonly allowUnclosedClass: boolean;
}

function trimEndRust(text: string): string {
  let end = text.length;
  while (end > 0 && isRustWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/**
 * How many rule sets {@link GitignoreRules.fromLines} keeps (all are dropped when it is full). A rule
 * set compiles each glob to a regular expression; built anew for every walk, each starts cold (V8
 * compiles a pattern when it first runs and again once it is hot): kept, repeated unchanged rescans
 * of 10,000 files measured about 15% faster (the bench's first rescan about 5%). Kept sets are shared: nothing in a set changes once built
 * (no pattern has the `g` or `y` flag, so matching keeps no state).
 */
const RULE_CACHE_SETS = 1024;

/** The kept rule sets, by how they were read and their lines (see {@link RULE_CACHE_SETS}). */
const ruleCache = new Map<string, GitignoreRules>();

/**
 * The rules of one gitignore-style source (a `.gitignore` file of one folder, the overrides, ...),
 * matched relative to that source's folder. The last rule that matches decides; a rule ending in `/`
 * only matches folders. Lines that are not valid globs are skipped, as the reference skips them; a
 * rule set whose globs cannot all be compiled matches nothing (the reference's build failure).
 */
export class GitignoreRules {
  readonly #rules: CompiledRule[];
  /** Rules without `!`. */
  readonly ignoreCount: number;
  /** Rules with `!`. */
  readonly whitelistCount: number;

  /** Rules of the form `**\/name`, by name: indexes, ascending. */
  readonly #byBasename = new Map<string, number[]>();
  /**
   * The other rules that can match a path ending in a given byte (char code): those whose literal
   * ending is that byte's and those with no literal ending; indexes, ascending.
   */
  readonly #othersByLastByte = new Map<number, number[]>();
  /** The other rules with no literal ending (all a path ending in any other byte can match). */
  readonly #othersAnyEnding: number[] = [];

  private constructor(rules: CompiledRule[]) {
    this.#rules = rules;
    const others: number[] = [];
    rules.forEach((rule, index) => {
      if (rule.basename === null) others.push(index);
      else {
        const list = this.#byBasename.get(rule.basename);
        if (list === undefined) this.#byBasename.set(rule.basename, [index]);
        else list.push(index);
      }
    });
    for (const index of others) {
      const suffix = (rules[index] as CompiledRule).suffix;
      if (suffix === '') this.#othersAnyEnding.push(index);
      else this.#othersByLastByte.set(suffix.charCodeAt(suffix.length - 1), []);
    }
    for (const [byte, list] of this.#othersByLastByte) {
      for (const index of others) {
        const suffix = (rules[index] as CompiledRule).suffix;
        if (suffix === '' || suffix.charCodeAt(suffix.length - 1) === byte) list.push(index);
      }
    }
    this.whitelistCount = rules.filter((r) => r.whitelist).length;
    this.ignoreCount = rules.length - this.whitelistCount;
  }

  /** A rule set that matches nothing. */
  static readonly EMPTY: GitignoreRules = new GitignoreRules([]);

  /**
   * Builds the rules from gitignore lines. The same lines read the same way give the same (immutable)
   * rule set, kept from one walk to the next (see {@link RULE_CACHE_SETS}).
   */
  static fromLines(lines: readonly string[], options: RuleOptions): GitignoreRules {
    const key = `${options.allowUnclosedClass ? 'u' : 'c'}${JSON.stringify(lines)}`;
    const known = ruleCache.get(key);
    if (known !== undefined) return known;
    const built = GitignoreRules.#build(lines, options);
    if (ruleCache.size >= RULE_CACHE_SETS) ruleCache.clear();
    ruleCache.set(key, built);
    return built;
  }

  static #build(lines: readonly string[], options: RuleOptions): GitignoreRules {
    const rules: CompiledRule[] = [];
    try {
      for (const line of lines) {
        const rule = parseLine(line, options);
        if (rule !== null) rules.push(rule);
      }
    } catch {
      return GitignoreRules.EMPTY; // a glob that compiles to an invalid regex: the set fails to build
    }
    return rules.length === 0 ? GitignoreRules.EMPTY : new GitignoreRules(rules);
  }

  /** Whether the set has no rules. */
  get isEmpty(): boolean {
    return this.#rules.length === 0;
  }

  /** The verdict for `path` (relative to the rules' folder, `/`-separated, as {@link toByteString}). */
  match(bytePath: string, isDir: boolean): RuleMatch {
    // The last rule that matches decides. Rules `**\/name` can only match a path whose last component
    // is `name`: they are looked up by it, and only the other rules after the best found are tried.
    const rules = this.#rules;
    let best = -1;
    if (this.#byBasename.size > 0) {
      const slash = bytePath.lastIndexOf('/');
      const named = this.#byBasename.get(slash < 0 ? bytePath : bytePath.slice(slash + 1));
      if (named !== undefined) {
        for (let j = named.length - 1; j >= 0; j -= 1) {
          const index = named[j] as number;
          const rule = rules[index] as CompiledRule;
          if ((!rule.onlyDir || isDir) && rule.regex.test(bytePath)) {
            best = index;
            break;
          }
        }
      }
    }
    const others =
      this.#othersByLastByte.get(bytePath.charCodeAt(bytePath.length - 1)) ?? this.#othersAnyEnding;
    for (let j = others.length - 1; j >= 0; j -= 1) {
      const index = others[j] as number;
      if (index < best) break;
      const rule = rules[index] as CompiledRule;
      if (
        (!rule.onlyDir || isDir) &&
        bytePath.endsWith(rule.suffix) &&
        bytePath.startsWith(rule.prefix) &&
        bytePath.includes(rule.needle) &&
        rule.regex.test(bytePath)
      ) {
        best = index;
        break;
      }
    }
    if (best < 0) return null;
    return (rules[best] as CompiledRule).whitelist ? 'whitelist' : 'ignore';
  }
}

/** One gitignore line as a rule, or null for a comment, a blank line or a line that is not a glob. */
function parseLine(raw: string, options: RuleOptions): CompiledRule | null {
  if (raw.startsWith('#')) return null;
  let line = raw.endsWith('\\ ') ? raw : trimEndRust(raw);
  if (line.length === 0) return null;
  let whitelist = false;
  let absolute = false;
  let onlyDir = false;
  if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  } else {
    if (line.startsWith('!')) {
      whitelist = true;
      line = line.slice(1);
    }
    if (line.startsWith('/')) {
      line = line.slice(1);
      absolute = true;
    }
  }
  if (line.endsWith('/')) {
    onlyDir = true;
    line = line.slice(0, -1);
    if (line.endsWith('\\')) line = line.slice(0, -1);
  }
  let actual = line;
  if (!absolute && !line.includes('/') && !(actual.startsWith('**/') || actual === '**')) {
    actual = `**/${actual}`;
  }
  if (actual.endsWith('/**')) actual = `${actual}/*`;
  let glob: CompiledGlob;
  try {
    glob = compileGlob(actual, options.allowUnclosedClass);
  } catch (error) {
    if (error instanceof GlobSyntaxError) return null;
    throw error;
  }
  return { ...glob, whitelist, onlyDir };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The lines of an ignore file as the reference reads them: split at `\n` (a `\r` before it dropped),
 * a leading byte-order mark removed, and reading stopped at the first line that is not valid UTF-8.
 * Null when the file cannot be read.
 */
export function readIgnoreLines(file: string): string[] | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    let end = newline === -1 ? bytes.length : newline;
    const next = newline === -1 ? bytes.length : newline + 1;
    if (newline !== -1 && end > start && bytes[end - 1] === 0x0d) end -= 1;
    let text: string;
    try {
      text = UTF8.decode(bytes.subarray(start, end));
    } catch {
      break;
    }
    if (lines.length === 0) text = text.replace(/^\ufeff+/, '');
    lines.push(text);
    start = next;
  }
  return lines;
}

/** The rules of an ignore file, or {@link GitignoreRules.EMPTY} when it is missing or unreadable. */
export function readIgnoreFile(file: string): GitignoreRules {
  const lines = readIgnoreLines(file);
  return lines === null
    ? GitignoreRules.EMPTY
    : GitignoreRules.fromLines(lines, { allowUnclosedClass: true });
}
