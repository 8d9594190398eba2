import type { CryptoFindingRow, IDriftStructural, SecretRow } from '../../index.js';
import { cryptoFindings, owaspFindings, secrets } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';
import { insertReturningId } from './inserted-id.js';

// dialect: none of the lists below has an ORDER BY (as the reference): SQLite answers in its scan
// order (rowid, or the filtered column's index then rowid); PostgreSQL's order is unspecified: add
// `ORDER BY id`.

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
// The trait method answers the new id.
const SECRET_INSERT_ID = insertReturningId(secrets, SECRET_INSERT);
const SECRETS_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('secrets').select(SECRET_FIELDS).where('file', '=', file),
);
const SECRETS_BY_SEVERITY = sharedStatement((d, severity: string) =>
  d.db.selectFrom('secrets').select(SECRET_FIELDS).where('severity', '=', severity),
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
// The trait method answers the new id.
const CRYPTO_FINDING_INSERT_ID = insertReturningId(cryptoFindings, CRYPTO_FINDING_INSERT);
const CRYPTO_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('crypto_findings').select(CRYPTO_FIELDS).where('file', '=', file),
);
const CRYPTO_BY_CATEGORY = sharedStatement((d, category: string) =>
  d.db.selectFrom('crypto_findings').select(CRYPTO_FIELDS).where('category', '=', category),
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
const OWASP_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('owasp_findings').select(OWASP_FIELDS).where('file', '=', file),
);
const OWASP_BY_DETECTOR = sharedStatement((d, detector: string) =>
  d.db.selectFrom('owasp_findings').select(OWASP_FIELDS).where('detector', '=', detector),
);

/**
 * The {@link IDriftStructural} methods on `secrets`, `crypto_findings` and `owasp_findings` that only
 * read, by method name.
 */
export const securityReads = defineReads<IDriftStructural>()({
  getSecretsByFile: every(SECRETS_BY_FILE),
  getSecretsBySeverity: every(SECRETS_BY_SEVERITY),
  getCryptoFindingsByFile: every(CRYPTO_BY_FILE),
  getCryptoFindingsByCategory: every(CRYPTO_BY_CATEGORY),
  getOwaspFindingsByFile: every(OWASP_BY_FILE),
  getOwaspFindingsByDetector: every(OWASP_BY_DETECTOR),
});

/**
 * The {@link IDriftStructural} methods on `secrets`, `crypto_findings` and `owasp_findings` that
 * write, by method name.
 */
export const securityWrites = defineWrites<IDriftStructural>()({
  insertSecret: scalar(SECRET_INSERT_ID, 'id', (row: SecretRow) => SECRET_INSERT.args(row)),
  insertCryptoFinding: scalar(CRYPTO_FINDING_INSERT_ID, 'id', (row: CryptoFindingRow) =>
    CRYPTO_FINDING_INSERT.args(row),
  ),
  upsertOwaspFinding: effect(OWASP_FINDING_REPLACE.statement, OWASP_FINDING_REPLACE.args),
});
