import type { IDriftStructural } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { cryptoFindings, owaspFindings, secrets } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// secrets: hard-coded secrets, stored redacted; append-only.

const SECRET_FIELDS = selectList(secrets, [
  'id',
  'patternName',
  'redactedValue',
  'file',
  'line',
  'severity',
  'entropy',
  'confidence',
  'cweIds',
]);

/** Inserts a secret (also the batch sink's `InsertSecrets`). */
export const SECRET_INSERT = insertStatement(secrets, { mode: 'insert' });
const SECRETS_BY_FILE = statement((file: string) =>
  qb.selectFrom('secrets').select(SECRET_FIELDS).where('file', '=', file),
);
const SECRETS_BY_SEVERITY = statement((severity: string) =>
  qb.selectFrom('secrets').select(SECRET_FIELDS).where('severity', '=', severity),
);

// crypto_findings: weak or misused cryptography; append-only.

/** The `crypto_findings` columns selected as `CryptoFindingRow` fields (no conversion needed). */
export const CRYPTO_FIELDS = selectList(cryptoFindings, [
  'id',
  'file',
  'line',
  'category',
  'description',
  'code',
  'confidence',
  'cweId',
  'owasp',
  'remediation',
  'language',
]);

/** Inserts a crypto finding (also the batch sink's `InsertCryptoFindings`). */
export const CRYPTO_FINDING_INSERT = insertStatement(cryptoFindings, { mode: 'insert' });
const CRYPTO_BY_FILE = statement((file: string) =>
  qb.selectFrom('crypto_findings').select(CRYPTO_FIELDS).where('file', '=', file),
);
const CRYPTO_BY_CATEGORY = statement((category: string) =>
  qb.selectFrom('crypto_findings').select(CRYPTO_FIELDS).where('category', '=', category),
);

// owasp_findings: keyed by finding id.

const OWASP_FIELDS = selectList(owaspFindings, [
  'id',
  'detector',
  'file',
  'line',
  'description',
  'severity',
  'cwes',
  'owaspCategories',
  'confidence',
  'remediation',
]);

// INSERT OR REPLACE in the reference (queries/structural.rs upsert_owasp_finding, batch/writer.rs):
// `created_at` starts over at its DEFAULT.
/** Replaces or inserts an OWASP finding (also the batch sink's `InsertOwaspFindings`). */
export const OWASP_FINDING_REPLACE = insertStatement(owaspFindings, { mode: 'replace' });
const OWASP_BY_FILE = statement((file: string) =>
  qb.selectFrom('owasp_findings').select(OWASP_FIELDS).where('file', '=', file),
);
const OWASP_BY_DETECTOR = statement((detector: string) =>
  qb.selectFrom('owasp_findings').select(OWASP_FIELDS).where('detector', '=', detector),
);

/**
 * The {@link IDriftStructural} methods on `secrets`, `crypto_findings` and `owasp_findings` that only read,
 * by method name; the engine runs each on a read-only connection after checking its arguments.
 */
export const securityReads = defineReads<IDriftStructural>()({
  getSecretsByFile: (r, file) => r.all(SECRETS_BY_FILE, [file]),
  getSecretsBySeverity: (r, severity) => r.all(SECRETS_BY_SEVERITY, [severity]),
  getCryptoFindingsByFile: (r, file) => r.all(CRYPTO_BY_FILE, [file]),
  getCryptoFindingsByCategory: (r, category) => r.all(CRYPTO_BY_CATEGORY, [category]),
  getOwaspFindingsByFile: (r, file) => r.all(OWASP_BY_FILE, [file]),
  getOwaspFindingsByDetector: (r, detector) => r.all(OWASP_BY_DETECTOR, [detector]),
});

/**
 * The {@link IDriftStructural} methods on `secrets`, `crypto_findings` and `owasp_findings` that write, by
 * method name; the engine runs each on its one writer connection after checking its arguments.
 */
export const securityWrites = defineWrites<IDriftStructural>()({
  insertSecret: (w, row) => w.run(SECRET_INSERT.statement, SECRET_INSERT.args(row)).lastInsertRowid,
  insertCryptoFinding: (w, row) =>
    w.run(CRYPTO_FINDING_INSERT.statement, CRYPTO_FINDING_INSERT.args(row)).lastInsertRowid,
  upsertOwaspFinding: (w, row) => {
    w.run(OWASP_FINDING_REPLACE.statement, OWASP_FINDING_REPLACE.args(row));
  },
});
