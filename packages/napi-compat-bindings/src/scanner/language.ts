/**
 * Language detection by file extension, as the reference's `Language` enum (drift-analysis
 * `scanner/language_detect.rs`). A language has two spellings there: its display name
 * (`Language::name()`, stored in `file_metadata.language`, e.g. `C#`) and its enum variant name (its
 * `Debug` form, the key of `ScanSummary.languages`, e.g. `CSharp`).
 */

/** One language: its enum variant name, display name and extensions, in the enum's order. */
export interface ScannerLanguage {
  /** The variant name (`ScanSummary.languages` key). */
  readonly variant: string;
  /** The display name (`file_metadata.language`). */
  readonly name: string;
  /** Extensions without the dot, case-sensitive. */
  readonly extensions: readonly string[];
}

/** The reference's 14 languages, in the declaration order of its enum. */
export const SCANNER_LANGUAGE_TABLE: readonly ScannerLanguage[] = [
  { variant: 'TypeScript', name: 'TypeScript', extensions: ['ts', 'tsx', 'mts', 'cts'] },
  { variant: 'JavaScript', name: 'JavaScript', extensions: ['js', 'jsx', 'mjs', 'cjs'] },
  { variant: 'Python', name: 'Python', extensions: ['py', 'pyi'] },
  { variant: 'Java', name: 'Java', extensions: ['java'] },
  { variant: 'CSharp', name: 'C#', extensions: ['cs'] },
  { variant: 'Go', name: 'Go', extensions: ['go'] },
  { variant: 'Rust', name: 'Rust', extensions: ['rs'] },
  { variant: 'Ruby', name: 'Ruby', extensions: ['rb', 'rake', 'gemspec'] },
  { variant: 'Php', name: 'PHP', extensions: ['php'] },
  { variant: 'Kotlin', name: 'Kotlin', extensions: ['kt', 'kts'] },
  { variant: 'Cpp', name: 'C++', extensions: ['cpp', 'cc', 'cxx', 'hpp', 'hxx', 'hh'] },
  { variant: 'C', name: 'C', extensions: ['c', 'h'] },
  { variant: 'Swift', name: 'Swift', extensions: ['swift'] },
  { variant: 'Scala', name: 'Scala', extensions: ['scala', 'sc'] },
];

const BY_EXTENSION: ReadonlyMap<string, ScannerLanguage> = new Map(
  SCANNER_LANGUAGE_TABLE.flatMap((language) => language.extensions.map((ext) => [ext, language] as const)),
);

/**
 * The language of a path from the extension of its last component (Rust's `Path::extension`: the
 * part after the last dot, none for a name whose only dot leads, like `.gitignore`), or null.
 */
export function languageOf(path: string): ScannerLanguage | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === '..' || name === '.') return null;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  return BY_EXTENSION.get(name.slice(dot + 1)) ?? null;
}

/** The display name of a path's language (`file_metadata.language`), or null. */
export function detectLanguage(path: string): string | null {
  return languageOf(path)?.name ?? null;
}
