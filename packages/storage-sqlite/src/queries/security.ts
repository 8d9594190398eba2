import type {
  CryptoFindingInsertRow,
  IDriftStructural,
  OwaspFindingRow,
  SecretInsertRow,
} from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, statement } from '../statements.js';

// secrets: hard-coded secrets, stored redacted; append-only.

const SECRET_FIELDS = [
  'id',
  'pattern_name as patternName',
  'redacted_value as redactedValue',
  'file',
  'line',
  'severity',
  'entropy',
  'confidence',
  'cwe_ids as cweIds',
] as const;

/** Inserts a secret (also the batch sink's `InsertSecrets`). */
export const SECRET_INSERT = statement(
  qb.insertInto('secrets').values({
    pattern_name: arg(0),
    redacted_value: arg(1),
    file: arg(2),
    line: arg(3),
    severity: arg(4),
    entropy: arg(5),
    confidence: arg(6),
    cwe_ids: arg(7),
  }),
);
/** The arguments of {@link SECRET_INSERT} for a row. */
export function secretArgs(row: SecretInsertRow): unknown[] {
  return [
    row.patternName,
    row.redactedValue,
    row.file,
    row.line,
    row.severity,
    row.entropy,
    row.confidence,
    row.cweIds,
  ];
}
const SECRETS_BY_FILE = statement(qb.selectFrom('secrets').select(SECRET_FIELDS).where('file', '=', arg(0)));
const SECRETS_BY_SEVERITY = statement(
  qb.selectFrom('secrets').select(SECRET_FIELDS).where('severity', '=', arg(0)),
);

// crypto_findings: weak or misused cryptography; append-only.

/** The `crypto_findings` columns selected as `CryptoFindingRow` fields (no conversion needed). */
export const CRYPTO_FIELDS = [
  'id',
  'file',
  'line',
  'category',
  'description',
  'code',
  'confidence',
  'cwe_id as cweId',
  'owasp',
  'remediation',
  'language',
] as const;

/** Inserts a crypto finding (also the batch sink's `InsertCryptoFindings`). */
export const CRYPTO_FINDING_INSERT = statement(
  qb.insertInto('crypto_findings').values({
    file: arg(0),
    line: arg(1),
    category: arg(2),
    description: arg(3),
    code: arg(4),
    confidence: arg(5),
    cwe_id: arg(6),
    owasp: arg(7),
    remediation: arg(8),
    language: arg(9),
  }),
);
/** The arguments of {@link CRYPTO_FINDING_INSERT} for a row. */
export function cryptoFindingArgs(row: CryptoFindingInsertRow): unknown[] {
  return [
    row.file,
    row.line,
    row.category,
    row.description,
    row.code,
    row.confidence,
    row.cweId,
    row.owasp,
    row.remediation,
    row.language,
  ];
}
const CRYPTO_BY_FILE = statement(
  qb.selectFrom('crypto_findings').select(CRYPTO_FIELDS).where('file', '=', arg(0)),
);
const CRYPTO_BY_CATEGORY = statement(
  qb.selectFrom('crypto_findings').select(CRYPTO_FIELDS).where('category', '=', arg(0)),
);

// owasp_findings: keyed by finding id.

const OWASP_FIELDS = [
  'id',
  'detector',
  'file',
  'line',
  'description',
  'severity',
  'cwes',
  'owasp_categories as owaspCategories',
  'confidence',
  'remediation',
] as const;

// INSERT OR REPLACE in the reference (queries/structural.rs upsert_owasp_finding, batch/writer.rs):
// `created_at` starts over at its DEFAULT.
/** Replaces or inserts an OWASP finding (also the batch sink's `InsertOwaspFindings`). */
export const OWASP_FINDING_REPLACE = statement(
  replaceInto('owasp_findings').values({
    id: arg(0),
    detector: arg(1),
    file: arg(2),
    line: arg(3),
    description: arg(4),
    severity: arg(5),
    cwes: arg(6),
    owasp_categories: arg(7),
    confidence: arg(8),
    remediation: arg(9),
  }),
);
/** The arguments of {@link OWASP_FINDING_REPLACE} for a row. */
export function owaspFindingArgs(row: OwaspFindingRow): unknown[] {
  return [
    row.id,
    row.detector,
    row.file,
    row.line,
    row.description,
    row.severity,
    row.cwes,
    row.owaspCategories,
    row.confidence,
    row.remediation,
  ];
}
const OWASP_BY_FILE = statement(
  qb.selectFrom('owasp_findings').select(OWASP_FIELDS).where('file', '=', arg(0)),
);
const OWASP_BY_DETECTOR = statement(
  qb.selectFrom('owasp_findings').select(OWASP_FIELDS).where('detector', '=', arg(0)),
);

/** Security reads (secrets, crypto, OWASP) of {@link IDriftStructural}. */
export const securityReads = defineReads<IDriftStructural>()({
  getSecretsByFile: (r, file) => r.all(SECRETS_BY_FILE, [file]),
  getSecretsBySeverity: (r, severity) => r.all(SECRETS_BY_SEVERITY, [severity]),
  getCryptoFindingsByFile: (r, file) => r.all(CRYPTO_BY_FILE, [file]),
  getCryptoFindingsByCategory: (r, category) => r.all(CRYPTO_BY_CATEGORY, [category]),
  getOwaspFindingsByFile: (r, file) => r.all(OWASP_BY_FILE, [file]),
  getOwaspFindingsByDetector: (r, detector) => r.all(OWASP_BY_DETECTOR, [detector]),
});

/** Security writes (secrets, crypto, OWASP) of {@link IDriftStructural}. */
export const securityWrites = defineWrites<IDriftStructural>()({
  insertSecret: (w, row) => w.run(SECRET_INSERT, secretArgs(row)).lastInsertRowid,
  insertCryptoFinding: (w, row) => w.run(CRYPTO_FINDING_INSERT, cryptoFindingArgs(row)).lastInsertRowid,
  upsertOwaspFinding: (w, row) => {
    w.run(OWASP_FINDING_REPLACE, owaspFindingArgs(row));
  },
});
