/**
 * Language detection by file extension, with the display names the reference stores in
 * `file_metadata.language` (`Language::name()` in drift-analysis' `language_detect`).
 */

const EXTENSION_LANGUAGE: ReadonlyMap<string, string> = new Map(
  (
    [
      ['TypeScript', ['ts', 'tsx', 'mts', 'cts']],
      ['JavaScript', ['js', 'jsx', 'mjs', 'cjs']],
      ['Python', ['py', 'pyi']],
      ['Java', ['java']],
      ['C#', ['cs']],
      ['Go', ['go']],
      ['Rust', ['rs']],
      ['Ruby', ['rb', 'rake', 'gemspec']],
      ['PHP', ['php']],
      ['Kotlin', ['kt', 'kts']],
      ['C++', ['cpp', 'cc', 'cxx', 'hpp', 'hxx', 'hh']],
      ['C', ['c', 'h']],
      ['Swift', ['swift']],
      ['Scala', ['scala', 'sc']],
    ] as const
  ).flatMap(([language, extensions]) => extensions.map((ext) => [ext, language] as const)),
);

/** Every language name the scanner can report. */
export const SCANNER_LANGUAGES: readonly string[] = [...new Set(EXTENSION_LANGUAGE.values())];

/**
 * The language of a file from its extension (case-sensitive, like the reference), or null when the
 * extension is unknown or absent. A leading dot alone (`.gitignore`) is not an extension.
 */
export function detectLanguage(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  return EXTENSION_LANGUAGE.get(name.slice(dot + 1)) ?? null;
}
