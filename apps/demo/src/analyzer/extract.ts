// What the sample analyzer learns from one JavaScript or TypeScript file, read with the TypeScript
// compiler's parser (`ts.createSourceFile`): one syntax tree per file, no type checker, no regular
// expressions over code.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { shortHash } from './hash.js';

// TypeScript ships as one large CommonJS file: require() loads it in about half the time an ESM import
// takes (Node scans the whole file for named exports first).
const ts: typeof TS = createRequire(import.meta.url)('typescript');

/** A function, method or function-valued `const` declared in the file. */
export interface FunctionFact {
  /** Simple name (`default` for an anonymous default-exported function). */
  readonly name: string;
  /** `Class.method` or `object.method` for members, null for plain functions (as the reference). */
  readonly qualifiedName: string | null;
  /** First line, 1-based. */
  readonly line: number;
  /** Last line, 1-based. */
  readonly endLine: number;
  readonly parameterCount: number;
  /** Declared return type as written, or null. */
  readonly returnType: string | null;
  readonly isExported: boolean;
  readonly isDefaultExport: boolean;
  readonly isAsync: boolean;
  /** Declared directly in the file's scope (not nested in another function or a class). */
  readonly isTopLevel: boolean;
  readonly bodyHash: Uint8Array;
  readonly signatureHash: Uint8Array;
}

/** What a call expression names. */
export type CalleeRef =
  /** `name(...)` */
  | { readonly kind: 'name'; readonly name: string }
  /** `this.name(...)` */
  | { readonly kind: 'this'; readonly name: string }
  /** `object.name(...)` where `object` is a plain identifier */
  | { readonly kind: 'member'; readonly object: string; readonly name: string };

/** A call made inside a function of the file. */
interface CallFact {
  /** Index of the innermost enclosing function in {@link FileFacts.functions}. */
  readonly caller: number;
  readonly callee: CalleeRef;
  readonly line: number;
}

/** One module the file depends on. */
interface ImportFact {
  /** The module specifier as written (`./util.js`, `node:fs`, `typescript`). */
  readonly specifier: string;
  readonly line: number;
  /** Named and default bindings: `imported` is the exported name (`default` for a default import). */
  readonly bindings: readonly { readonly imported: string; readonly local: string }[];
  /** Local name of `import * as ns`, or null. */
  readonly namespace: string | null;
  /**
   * For `export ... from`: `*` for `export * from`, else the re-exported names (`imported` in the
   * source module, `exported` here). Null for imports.
   */
  readonly reExport: '*' | readonly { readonly imported: string; readonly exported: string }[] | null;
}

/** A read of an environment variable. */
interface EnvReadFact {
  readonly name: string;
  readonly line: number;
  /** `process.env` (member or element access) or `process.env destructuring`. */
  readonly accessMethod: string;
  /** Whether the read supplies a fallback (`?? x`, `|| x`, or a destructuring default). */
  readonly hasDefault: boolean;
}

/** A top-level `const` bound to a literal, or a magic number inside a function. */
interface ConstantFact {
  /** The constant's name, or the literal itself for a magic number. */
  readonly name: string;
  /** The literal as written. */
  readonly value: string;
  readonly line: number;
  /** False for a magic number (an unnamed literal). */
  readonly isNamed: boolean;
  readonly isExported: boolean;
}

/** A match of one of the analyzer's detectors. */
interface DetectionFact {
  readonly patternId: string;
  readonly category: string;
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly confidence: number;
  /** Comma-separated CWE ids, or null. */
  readonly cweIds: string | null;
  readonly owasp: string | null;
  readonly matchedText: string;
}

/** A hard-coded secret-like string (also reported as a `security/hardcoded-secret` detection). */
interface SecretFact {
  readonly name: string;
  readonly line: number;
  readonly redactedValue: string;
  /** Shannon entropy of the value, bits per character. */
  readonly entropy: number;
}

/** A `catch` block with neither statements nor comments. */
interface EmptyCatchFact {
  readonly line: number;
  /** Index of the enclosing function in {@link FileFacts.functions}, or null at the top level. */
  readonly function: number | null;
}

/** Counts of the file's exported declarations, for abstractness. */
interface ExportCounts {
  /** Exported interfaces, type aliases and abstract classes. */
  readonly abstract: number;
  /** Every exported declaration (functions, classes, variables, enums, interfaces, types). */
  readonly total: number;
}

/** Everything the analyzer extracts from one file. */
export interface FileFacts {
  readonly path: string;
  readonly functions: readonly FunctionFact[];
  readonly calls: readonly CallFact[];
  readonly imports: readonly ImportFact[];
  readonly exports: ExportCounts;
  /** Names the file exports (declarations and `export { ... }` lists, not re-exports). */
  readonly exportedNames: ReadonlySet<string>;
  readonly envReads: readonly EnvReadFact[];
  /** Named top-level constants. */
  readonly constants: readonly ConstantFact[];
  /** Magic numbers (unnamed numeric literals inside functions). */
  readonly magicNumbers: readonly ConstantFact[];
  readonly detections: readonly DetectionFact[];
  readonly secrets: readonly SecretFact[];
  readonly emptyCatches: readonly EmptyCatchFact[];
  /** How often each identifier occurs in the file (declarations included). */
  readonly identifierCounts: ReadonlyMap<string, number>;
  /** Lines of the file (a final line without a newline counts). */
  readonly lineCount: number;
}

/** Detector ids, categories and classifications. */
const DETECTORS = {
  eval: {
    patternId: 'security/eval',
    category: 'security',
    confidence: 0.95,
    cweIds: '95',
    owasp: 'A03:2021-Injection',
  },
  newFunction: {
    patternId: 'security/new-function',
    category: 'security',
    confidence: 0.9,
    cweIds: '95',
    owasp: 'A03:2021-Injection',
  },
  hardcodedSecret: {
    patternId: 'security/hardcoded-secret',
    category: 'security',
    confidence: 0.7,
    cweIds: '798',
    owasp: 'A07:2021-Identification and Authentication Failures',
  },
  consoleLog: {
    patternId: 'logging/console-log',
    category: 'logging',
    confidence: 0.9,
    cweIds: null,
    owasp: null,
  },
  emptyCatch: {
    patternId: 'error_handling/empty-catch',
    category: 'error_handling',
    confidence: 0.8,
    cweIds: '390',
    owasp: null,
  },
  explicitAny: {
    patternId: 'type_safety/explicit-any',
    category: 'type_safety',
    confidence: 0.9,
    cweIds: null,
    owasp: null,
  },
} as const;

/** Names that make a string literal assigned to them look like a credential. */
const SECRET_NAME = /key|secret|token|passw(?:or)?d|pwd/i;
/** Numbers too common to be "magic". */
const ORDINARY_NUMBERS: ReadonlySet<number> = new Set([0, 1, 2, -1]);
const MATCHED_TEXT_MAX = 80;

/** The script kind of a path by its extension (TSX and JSX parse differently). */
function scriptKindOf(path: string): TS.ScriptKind {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'tsx':
      return ts.ScriptKind.TSX;
    case 'jsx':
      return ts.ScriptKind.JSX;
    case 'js':
    case 'mjs':
    case 'cjs':
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

/** Shannon entropy of a string, in bits per character. */
function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** The first two characters and asterisks: enough to recognise a value, not to use it. */
function redact(value: string): string {
  return `${value.slice(0, 2)}${'*'.repeat(Math.max(4, Math.min(12, value.length - 2)))}`;
}

/** Whether a string assigned to `name` looks like a hard-coded credential. */
function looksLikeSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) && value.length >= 8 && !/\s/.test(value) && shannonEntropy(value) >= 3;
}

function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** Strips parentheses, `as`, `satisfies` and non-null assertions around an expression. */
function unwrap(expression: TS.Expression): TS.Expression {
  let current = expression;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The parent of `node` skipping parentheses, and the child on the path to it. */
function outerParent(node: TS.Node): { parent: TS.Node; child: TS.Node } {
  let child = node;
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

function isConstDeclaration(declaration: TS.VariableDeclaration): boolean {
  return (
    ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}

/** `process.env` */
function isProcessEnv(node: TS.Node): boolean {
  const expression = ts.isExpression(node) ? unwrap(node) : node;
  return (
    ts.isPropertyAccessExpression(expression) &&
    expression.name.text === 'env' &&
    ts.isIdentifier(expression.expression) &&
    expression.expression.text === 'process'
  );
}

function propertyNameText(name: TS.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return null;
}

function stringLiteralValue(expression: TS.Expression | undefined): string | null {
  if (expression === undefined) return null;
  const inner = unwrap(expression);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) ? inner.text : null;
}

/** Whether an expression is a literal a named constant can hold. */
function isConstantLiteral(expression: TS.Expression): boolean {
  const inner = unwrap(expression);
  return (
    ts.isNumericLiteral(inner) ||
    ts.isBigIntLiteral(inner) ||
    ts.isStringLiteral(inner) ||
    ts.isNoSubstitutionTemplateLiteral(inner) ||
    inner.kind === ts.SyntaxKind.TrueKeyword ||
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isPrefixUnaryExpression(inner) &&
      inner.operator === ts.SyntaxKind.MinusToken &&
      (ts.isNumericLiteral(inner.operand) || ts.isBigIntLiteral(inner.operand)))
  );
}

/** `module.exports` */
function isModuleExports(node: TS.Expression): boolean {
  const expression = unwrap(node);
  return (
    ts.isPropertyAccessExpression(expression) &&
    expression.name.text === 'exports' &&
    ts.isIdentifier(expression.expression) &&
    expression.expression.text === 'module'
  );
}

/**
 * What a CommonJS assignment target exports: `default` for `module.exports`, the property name for
 * `exports.x` and `module.exports.x`, null for anything else.
 */
function commonJsTarget(target: TS.Expression): string | null {
  const expression = unwrap(target);
  if (isModuleExports(expression)) return 'default';
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.name)) {
    const object = unwrap(expression.expression);
    if ((ts.isIdentifier(object) && object.text === 'exports') || isModuleExports(object)) {
      return expression.name.text;
    }
  }
  return null;
}

/** The targets of `a = b = value` (outermost first) and the value, or no targets for other expressions. */
function assignmentChain(expression: TS.Expression): {
  targets: TS.Expression[];
  value: TS.Expression | null;
} {
  const targets: TS.Expression[] = [];
  let current = unwrap(expression);
  while (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    targets.push(current.left);
    current = unwrap(current.right);
  }
  return { targets, value: targets.length > 0 ? current : null };
}

/**
 * The function an assignment of a function expression declares: `exports.x = function () {}` and
 * `module.exports.x = ...` (exported `x`), `module.exports = function name() {}` (the default export),
 * `obj.method = () => ...` (`obj.method`, exported when `obj` is what the module exports),
 * `Class.prototype.method = function () {}` (`Class.method`). Null for other targets (`this.x`,
 * computed names, ...).
 */
function assignedFunction(
  target: TS.Expression,
  fn: TS.ArrowFunction | TS.FunctionExpression,
  isExportedObject: (name: string) => boolean,
): { name: string; qualifiedName: string | null; exported: boolean; isDefault: boolean } | null {
  const commonJs = commonJsTarget(target);
  if (commonJs === 'default') {
    const own = ts.isFunctionExpression(fn) && fn.name ? fn.name.text : 'default';
    return { name: own, qualifiedName: null, exported: true, isDefault: true };
  }
  if (commonJs !== null) return { name: commonJs, qualifiedName: null, exported: true, isDefault: false };
  const expression = unwrap(target);
  if (!ts.isPropertyAccessExpression(expression) || !ts.isIdentifier(expression.name)) return null;
  const name = expression.name.text;
  const object = unwrap(expression.expression);
  if (ts.isIdentifier(object)) {
    return {
      name,
      qualifiedName: `${object.text}.${name}`,
      exported: isExportedObject(object.text),
      isDefault: false,
    };
  }
  if (
    ts.isPropertyAccessExpression(object) &&
    object.name.text === 'prototype' &&
    ts.isIdentifier(unwrap(object.expression))
  ) {
    const owner = (unwrap(object.expression) as TS.Identifier).text;
    return { name, qualifiedName: `${owner}.${name}`, exported: false, isDefault: false };
  }
  return null;
}

type FunctionLike = TS.FunctionDeclaration | TS.MethodDeclaration | TS.ArrowFunction | TS.FunctionExpression;

/**
 * Parses one file and extracts its functions, calls, imports, exports, environment variable reads,
 * constants, magic numbers and detections. Never throws on malformed code: the parser recovers and the
 * analyzer reports what it could read.
 */
export function extractFileFacts(path: string, source: string): FileFacts {
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, scriptKindOf(path));
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const columnOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).character + 1;

  // Names exported through `export { a, b as c }` and `export default a` (local declarations).
  const listedExports = new Set<string>();
  // Objects bound to `module.exports` (their assigned methods are exported too).
  const exportedObjects = new Set<string>();
  let defaultExportName: string | null = null;
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause) {
      if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          listedExports.add((element.propertyName ?? element.name).text);
          if (element.name.text === 'default')
            defaultExportName = (element.propertyName ?? element.name).text;
        }
      }
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      listedExports.add(statement.expression.text);
      defaultExportName = statement.expression.text;
    } else if (ts.isVariableStatement(statement)) {
      // `var app = exports = module.exports = {}`: `app` is the module's exports object.
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.initializer === undefined) continue;
        const { targets } = assignmentChain(declaration.initializer);
        if (
          targets.some(
            (t) => isModuleExports(t) || (ts.isIdentifier(unwrap(t)) && unwrap(t).getText(sf) === 'exports'),
          )
        )
          exportedObjects.add(declaration.name.text);
      }
    } else if (ts.isExpressionStatement(statement)) {
      // CommonJS: `module.exports = name`, `exports.x = name`, chains such as
      // `exports = module.exports = name`.
      const { targets, value } = assignmentChain(statement.expression);
      if (value !== null && ts.isIdentifier(value)) {
        for (const target of targets) {
          const commonJs = commonJsTarget(target);
          if (commonJs === null) continue;
          listedExports.add(value.text);
          if (commonJs === 'default') defaultExportName = value.text;
        }
      }
    }
  }

  const functions: FunctionFact[] = [];
  const calls: CallFact[] = [];
  const imports: ImportFact[] = [];
  const envReads: EnvReadFact[] = [];
  const constants: ConstantFact[] = [];
  const magicNumbers: ConstantFact[] = [];
  const detections: DetectionFact[] = [];
  const secrets: SecretFact[] = [];
  const emptyCatches: EmptyCatchFact[] = [];
  const identifierCounts = new Map<string, number>();
  const exportedKinds = new Map<string, boolean>(); // exported name -> is abstract
  const localKinds = new Map<string, boolean>(); // top-level declaration name -> is abstract

  const detect = (
    detector: (typeof DETECTORS)[keyof typeof DETECTORS],
    node: TS.Node,
    matchedText = node.getText(sf),
  ): void => {
    const start = node.getStart(sf);
    const text = matchedText.replace(/\s+/g, ' ');
    detections.push({
      patternId: detector.patternId,
      category: detector.category,
      line: lineOf(start),
      column: columnOf(start),
      confidence: detector.confidence,
      cweIds: detector.cweIds,
      owasp: detector.owasp,
      matchedText: text.length > MATCHED_TEXT_MAX ? `${text.slice(0, MATCHED_TEXT_MAX - 3)}...` : text,
    });
  };

  const checkSecret = (name: string, valueNode: TS.Expression | undefined, at: TS.Node): void => {
    const value = stringLiteralValue(valueNode);
    if (value === null || !looksLikeSecret(name, value)) return;
    const redacted = redact(value);
    detect(DETECTORS.hardcodedSecret, at, `${name} = '${redacted}'`);
    secrets.push({
      name,
      line: lineOf(at.getStart(sf)),
      redactedValue: redacted,
      entropy: Math.round(shannonEntropy(value) * 1000) / 1000,
    });
  };

  const addFunction = (
    node: FunctionLike,
    name: string,
    qualifiedName: string | null,
    startNode: TS.Node,
    isExported: boolean,
    isDefaultExport: boolean,
    isTopLevel: boolean,
  ): number => {
    const parameters = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    const returnType = node.type ? node.type.getText(sf) : null;
    const signature = `${qualifiedName ?? name}(${parameters.map((p) => p.getText(sf)).join(', ')})${returnType === null ? '' : `: ${returnType}`}`;
    functions.push({
      name,
      qualifiedName,
      line: lineOf(startNode.getStart(sf)),
      endLine: lineOf(node.getEnd()),
      parameterCount: parameters.length,
      returnType,
      isExported,
      isDefaultExport,
      isAsync: hasModifier(node, ts.SyntaxKind.AsyncKeyword),
      isTopLevel,
      bodyHash: shortHash(node.body ? node.body.getText(sf) : ''),
      signatureHash: shortHash(signature),
    });
    return functions.length - 1;
  };

  /** The class or object literal owner of a member, and whether it is exported. */
  const ownerOf = (container: TS.Node): { name: string | null; exported: boolean } => {
    if (ts.isClassDeclaration(container) || ts.isClassExpression(container)) {
      if (container.name) {
        const exported =
          hasModifier(container, ts.SyntaxKind.ExportKeyword) || listedExports.has(container.name.text);
        return { name: container.name.text, exported };
      }
      const { parent } = outerParent(container);
      if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
        return { name: parent.name.text, exported: isExportedVariable(parent) };
      }
      return { name: null, exported: hasModifier(container, ts.SyntaxKind.ExportKeyword) };
    }
    if (ts.isObjectLiteralExpression(container)) {
      const { parent } = outerParent(container);
      if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
        return { name: parent.name.text, exported: isExportedVariable(parent) };
      }
    }
    return { name: null, exported: false };
  };

  const isExportedVariable = (declaration: TS.VariableDeclaration): boolean => {
    const statement = declaration.parent.parent;
    return (
      (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) ||
      (ts.isIdentifier(declaration.name) && listedExports.has(declaration.name.text))
    );
  };

  const addImport = (
    specifier: string,
    node: TS.Node,
    clause?: TS.ImportClause,
    reExport: ImportFact['reExport'] = null,
    required: { bindings: { imported: string; local: string }[]; namespace: string | null } = {
      bindings: [],
      namespace: null,
    },
  ): void => {
    const bindings: { imported: string; local: string }[] = [...required.bindings];
    let namespace: string | null = required.namespace;
    if (clause) {
      if (clause.name) bindings.push({ imported: 'default', local: clause.name.text });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) namespace = named.name.text;
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          bindings.push({ imported: (element.propertyName ?? element.name).text, local: element.name.text });
        }
      }
    }
    imports.push({ specifier, line: lineOf(node.getStart(sf)), bindings, namespace, reExport });
  };

  /**
   * What `const x = require('./m')` binds: `x` as the module's namespace and its default export;
   * `const { a, b: c } = require('./m')` binds the exports `a` and `b`.
   */
  const requireBindings = (
    call: TS.CallExpression,
  ): { bindings: { imported: string; local: string }[]; namespace: string | null } => {
    const { parent, child } = outerParent(call);
    if (!ts.isVariableDeclaration(parent) || parent.initializer !== child) {
      return { bindings: [], namespace: null };
    }
    if (ts.isIdentifier(parent.name)) {
      return { bindings: [{ imported: 'default', local: parent.name.text }], namespace: parent.name.text };
    }
    const bindings: { imported: string; local: string }[] = [];
    if (ts.isObjectBindingPattern(parent.name)) {
      for (const element of parent.name.elements) {
        if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
        const key = element.propertyName ?? element.name;
        const imported = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : null;
        if (imported !== null) bindings.push({ imported, local: element.name.text });
      }
    }
    return { bindings, namespace: null };
  };

  /** Whether an assignment is a statement of the file's own scope (`x.y = ...;` at the top). */
  const isTopLevelStatement = (assignment: TS.BinaryExpression): boolean => {
    let node: TS.Node = assignment;
    while (ts.isBinaryExpression(node.parent) || ts.isParenthesizedExpression(node.parent))
      node = node.parent;
    return ts.isExpressionStatement(node.parent) && ts.isSourceFile(node.parent.parent);
  };

  const recordExport = (name: string, isAbstract: boolean): void => {
    exportedKinds.set(name, (exportedKinds.get(name) ?? false) || isAbstract);
  };

  // Top-level declarations: kinds (for abstractness), exports and named constants.
  for (const statement of sf.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const declare = (name: string | undefined, isAbstract: boolean): void => {
      if (name === undefined) return;
      localKinds.set(name, (localKinds.get(name) ?? false) || isAbstract);
      if (exported) recordExport(name, isAbstract);
    };
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      declare(statement.name.text, true);
    } else if (ts.isClassDeclaration(statement)) {
      declare(statement.name?.text ?? 'default', hasModifier(statement, ts.SyntaxKind.AbstractKeyword));
    } else if (ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      declare(statement.name?.text ?? 'default', false);
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      declare(statement.name.text, false);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        declare(declaration.name.text, false);
        if (
          isConstDeclaration(declaration) &&
          declaration.initializer !== undefined &&
          isConstantLiteral(declaration.initializer)
        ) {
          constants.push({
            name: declaration.name.text,
            value: unwrap(declaration.initializer).getText(sf),
            line: lineOf(declaration.getStart(sf)),
            isNamed: true,
            isExported: isExportedVariable(declaration),
          });
        }
      }
    }
  }
  for (const name of listedExports) recordExport(name, localKinds.get(name) ?? false);

  const stack: number[] = []; // enclosing recorded functions
  let functionDepth = 0; // enclosing function-like nodes of any kind (recorded or not)

  const visit = (node: TS.Node): void => {
    let pushed = false;
    let isFunctionLike = false;

    if (ts.isIdentifier(node)) identifierCounts.set(node.text, (identifierCounts.get(node.text) ?? 0) + 1);

    // Functions.
    if (ts.isFunctionDeclaration(node) && node.body) {
      const name = node.name?.text ?? 'default';
      const isDefault =
        (hasModifier(node, ts.SyntaxKind.ExportKeyword) && hasModifier(node, ts.SyntaxKind.DefaultKeyword)) ||
        name === defaultExportName;
      const exported = hasModifier(node, ts.SyntaxKind.ExportKeyword) || listedExports.has(name);
      stack.push(addFunction(node, name, null, node, exported, isDefault, functionDepth === 0));
      pushed = true;
    } else if (ts.isMethodDeclaration(node) && node.body) {
      const name = propertyNameText(node.name);
      if (name !== null) {
        const owner = ownerOf(node.parent);
        const qualified = owner.name === null ? null : `${owner.name}.${name}`;
        stack.push(addFunction(node, name, qualified, node, owner.exported, false, false));
        pushed = true;
      }
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      isConstDeclaration(node) &&
      node.initializer !== undefined
    ) {
      const init = unwrap(node.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
        const name = node.name.text;
        const topLevel = functionDepth === 0 && ts.isSourceFile(node.parent.parent.parent);
        stack.push(
          addFunction(init, name, null, node, isExportedVariable(node), name === defaultExportName, topLevel),
        );
        pushed = true;
      }
    } else if (
      (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
      ts.isBinaryExpression(outerParent(node).parent)
    ) {
      // CommonJS and prototype assignments: `res.send = function send() {}`, `exports.x = () => ...`.
      const { parent, child } = outerParent(node);
      const assignment = parent as TS.BinaryExpression;
      const declared =
        assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && assignment.right === child
          ? assignedFunction(
              assignment.left,
              node,
              (name) => exportedObjects.has(name) || listedExports.has(name),
            )
          : null;
      if (declared !== null) {
        const topLevel =
          functionDepth === 0 && declared.qualifiedName === null && isTopLevelStatement(assignment);
        // A member of an exported object counts with its object; `exports.x` is an export of its own.
        if (declared.exported && declared.qualifiedName === null) recordExport(declared.name, false);
        stack.push(
          addFunction(
            node,
            declared.name,
            declared.qualifiedName,
            assignment,
            declared.exported,
            declared.isDefault,
            topLevel,
          ),
        );
        pushed = true;
      }
    }
    if (ts.isFunctionLike(node) && !ts.isTypeNode(node) && 'body' in node && node.body !== undefined) {
      isFunctionLike = true;
      functionDepth += 1;
    }
    const caller = stack.length > 0 ? stack[stack.length - 1]! : null;

    // Calls, requires, dynamic imports and call-based detections.
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const firstArg = stringLiteralValue(node.arguments[0]);
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && firstArg !== null) {
        addImport(firstArg, node);
      } else if (ts.isIdentifier(callee)) {
        if (callee.text === 'require' && firstArg !== null && node.arguments.length === 1)
          addImport(firstArg, node, undefined, null, requireBindings(node));
        if (callee.text === 'eval') detect(DETECTORS.eval, node);
        if (caller !== null)
          calls.push({
            caller,
            callee: { kind: 'name', name: callee.text },
            line: lineOf(node.getStart(sf)),
          });
      } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
        const object = unwrap(callee.expression);
        if (ts.isIdentifier(object) && object.text === 'console' && callee.name.text === 'log') {
          detect(DETECTORS.consoleLog, node);
        }
        if (caller !== null) {
          const line = lineOf(node.getStart(sf));
          if (object.kind === ts.SyntaxKind.ThisKeyword) {
            calls.push({ caller, callee: { kind: 'this', name: callee.name.text }, line });
          } else if (ts.isIdentifier(object)) {
            calls.push({
              caller,
              callee: { kind: 'member', object: object.text, name: callee.name.text },
              line,
            });
          }
        }
      }
    } else if (ts.isNewExpression(node)) {
      const callee = unwrap(node.expression);
      if (ts.isIdentifier(callee) && callee.text === 'Function') detect(DETECTORS.newFunction, node);
    } else if (ts.isImportDeclaration(node)) {
      const specifier = stringLiteralValue(node.moduleSpecifier as TS.Expression);
      if (specifier !== null) addImport(specifier, node, node.importClause);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const specifier = stringLiteralValue(node.moduleSpecifier);
      const clause = node.exportClause;
      const reExport =
        clause === undefined
          ? '*'
          : ts.isNamedExports(clause)
            ? clause.elements.map((e) => ({
                imported: (e.propertyName ?? e.name).text,
                exported: e.name.text,
              }))
            : [{ imported: '*', exported: clause.name.text }];
      if (specifier !== null) addImport(specifier, node, undefined, reExport);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const specifier = stringLiteralValue(node.moduleReference.expression);
      if (specifier !== null) addImport(specifier, node);
    }

    // Environment variables.
    if (
      (ts.isPropertyAccessExpression(node) && isProcessEnv(node.expression) && ts.isIdentifier(node.name)) ||
      (ts.isElementAccessExpression(node) &&
        isProcessEnv(node.expression) &&
        stringLiteralValue(node.argumentExpression) !== null)
    ) {
      const name = ts.isPropertyAccessExpression(node)
        ? node.name.text
        : stringLiteralValue((node as TS.ElementAccessExpression).argumentExpression)!;
      const { parent, child } = outerParent(node);
      const isWrite =
        ts.isBinaryExpression(parent) &&
        parent.left === child &&
        parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
      const isDelete = ts.isDeleteExpression(parent);
      if (!isWrite && !isDelete) {
        const hasDefault =
          ts.isBinaryExpression(parent) &&
          parent.left === child &&
          (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
            parent.operatorToken.kind === ts.SyntaxKind.BarBarToken);
        envReads.push({ name, line: lineOf(node.getStart(sf)), accessMethod: 'process.env', hasDefault });
      }
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer !== undefined &&
      isProcessEnv(node.initializer)
    ) {
      for (const element of node.name.elements) {
        const key = element.propertyName ?? element.name;
        const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : null;
        if (name === null || element.dotDotDotToken) continue;
        envReads.push({
          name,
          line: lineOf(element.getStart(sf)),
          accessMethod: 'process.env destructuring',
          hasDefault: element.initializer !== undefined,
        });
      }
    }

    // Hard-coded secrets.
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      checkSecret(node.name.text, node.initializer, node);
    } else if ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
      const name = propertyNameText(node.name);
      if (name !== null) checkSecret(name, node.initializer, node);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      ts.isIdentifier(node.left.name)
    ) {
      checkSecret(node.left.name.text, node.right, node);
    }

    // Empty catch blocks (a block holding only a comment is a documented decision, not empty).
    if (ts.isCatchClause(node)) {
      const block = node.block;
      const inside = source.slice(block.getStart(sf) + 1, block.getEnd() - 1);
      if (block.statements.length === 0 && inside.trim().length === 0) {
        detect(DETECTORS.emptyCatch, node, 'catch { }');
        emptyCatches.push({ line: lineOf(node.getStart(sf)), function: caller });
      }
    }

    // `any` types.
    if (node.kind === ts.SyntaxKind.AnyKeyword) detect(DETECTORS.explicitAny, node);

    // Magic numbers: unnamed numeric literals inside functions.
    if (ts.isNumericLiteral(node) && functionDepth > 0) {
      const negated =
        ts.isPrefixUnaryExpression(node.parent) && node.parent.operator === ts.SyntaxKind.MinusToken;
      const literal: TS.Node = negated ? node.parent : node;
      const value = Number(node.text) * (negated ? -1 : 1);
      const { parent, child } = outerParent(literal);
      const named =
        (ts.isVariableDeclaration(parent) && parent.initializer === child && isConstDeclaration(parent)) ||
        ts.isEnumMember(parent) ||
        (ts.isElementAccessExpression(parent) && parent.argumentExpression === child) ||
        ts.isLiteralTypeNode(parent);
      if (!named && !ORDINARY_NUMBERS.has(value)) {
        const text = literal.getText(sf);
        magicNumbers.push({
          name: text,
          value: text,
          line: lineOf(literal.getStart(sf)),
          isNamed: false,
          isExported: false,
        });
      }
    }

    ts.forEachChild(node, visit);
    if (pushed) stack.pop();
    if (isFunctionLike) functionDepth -= 1;
  };
  visit(sf);

  let abstractCount = 0;
  for (const isAbstract of exportedKinds.values()) if (isAbstract) abstractCount += 1;
  const lineCount = source.length === 0 ? 0 : source.split('\n').length - (source.endsWith('\n') ? 1 : 0);

  return {
    path,
    functions,
    calls,
    imports,
    exports: { abstract: abstractCount, total: exportedKinds.size },
    exportedNames: new Set(exportedKinds.keys()),
    envReads,
    constants,
    magicNumbers,
    detections,
    secrets,
    emptyCatches,
    identifierCounts,
    lineCount,
  };
}
