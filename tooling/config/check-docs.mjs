// Part of every package's `lint`: each declaration a source file exports (functions, classes,
// interfaces, types, enums, constants) carries a JSDoc comment. Overloads count once, by the first
// signature. Run from a package folder; checks `src/` (or the folders given as arguments).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['src'];

/** Every `.ts` file under `dir` (declaration files excluded). */
function sourceFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

const isExported = (node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const hasDoc = (node) => ts.getJSDocCommentsAndTags(node).length > 0;

const missing = [];
for (const file of roots.flatMap(sourceFiles)) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const seen = new Set();
  const report = (node, name) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    missing.push(`${relative(process.cwd(), file)}:${line + 1} ${name}`);
  };
  for (const statement of source.statements) {
    if (!isExported(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      if (hasDoc(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!hasDoc(declaration)) report(statement, declaration.name.getText(source));
      }
      continue;
    }
    const name = statement.name?.getText(source);
    if (name === undefined || seen.has(name)) continue; // `export default` expressions; later overloads
    seen.add(name);
    if (!hasDoc(statement)) report(statement, name);
  }
}

if (missing.length > 0) {
  process.stderr.write(`exported without a JSDoc comment (${missing.length}):\n  ${missing.join('\n  ')}\n`);
  process.exit(1);
}
