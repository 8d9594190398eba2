import { autoId, index, type Migration, notNull, notNullDefault, stampedNow, strictTable } from './ddl.js';

/** v005: structural intelligence (coupling, constraints, contracts, constants, secrets, env, wrappers, DNA, crypto, OWASP, decomposition). */
export const v005: Migration = {
  version: 5,
  statements: [
    strictTable('coupling_metrics', (t) =>
      t
        .addColumn('module', 'text', (c) => c.primaryKey())
        .addColumn('ce', 'integer', notNull)
        .addColumn('ca', 'integer', notNull)
        .addColumn('instability', 'real', notNull)
        .addColumn('abstractness', 'real', notNull)
        .addColumn('distance', 'real', notNull)
        .addColumn('zone', 'text', notNull)
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    index('idx_coupling_metrics_zone', 'coupling_metrics', ['zone']),
    strictTable('coupling_cycles', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('members', 'text', notNull)
        .addColumn('break_suggestions', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    strictTable('constraints', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text', notNull)
        .addColumn('invariant_type', 'text', notNull)
        .addColumn('target', 'text', notNull)
        .addColumn('scope', 'text')
        .addColumn('source', 'text', notNull)
        .addColumn('enabled', 'integer', notNullDefault(1))
        .addColumn('created_at', 'integer', stampedNow)
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    index('idx_constraints_type', 'constraints', ['invariant_type']),
    index('idx_constraints_source', 'constraints', ['source']),
    strictTable('constraint_verifications', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('constraint_id', 'text', (c) => c.notNull().references('constraints.id'))
        .addColumn('passed', 'integer', notNull)
        .addColumn('violations', 'text', notNull)
        .addColumn('verified_at', 'integer', stampedNow),
    ),
    index('idx_constraint_verifications_cid', 'constraint_verifications', ['constraint_id']),
    strictTable('contracts', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('paradigm', 'text', notNull)
        .addColumn('source_file', 'text', notNull)
        .addColumn('framework', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('endpoints', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow)
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    index('idx_contracts_paradigm', 'contracts', ['paradigm']),
    index('idx_contracts_framework', 'contracts', ['framework']),
    index('idx_contracts_source', 'contracts', ['source_file']),
    strictTable('contract_mismatches', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('backend_endpoint', 'text', notNull)
        .addColumn('frontend_call', 'text', notNull)
        .addColumn('mismatch_type', 'text', notNull)
        .addColumn('severity', 'text', notNull)
        .addColumn('message', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_contract_mismatches_type', 'contract_mismatches', ['mismatch_type']),
    strictTable('constants', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('name', 'text', notNull)
        .addColumn('value', 'text', notNull)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('is_used', 'integer', notNullDefault(1))
        .addColumn('language', 'text', notNull)
        .addColumn('is_named', 'integer', notNullDefault(1))
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_constants_file', 'constants', ['file']),
    index('idx_constants_used', 'constants', ['is_used']),
    strictTable('secrets', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('pattern_name', 'text', notNull)
        .addColumn('redacted_value', 'text', notNull)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('severity', 'text', notNull)
        .addColumn('entropy', 'real', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('cwe_ids', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_secrets_file', 'secrets', ['file']),
    index('idx_secrets_severity', 'secrets', ['severity']),
    index('idx_secrets_pattern', 'secrets', ['pattern_name']),
    strictTable('env_variables', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('name', 'text', notNull)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('access_method', 'text', notNull)
        .addColumn('has_default', 'integer', notNullDefault(0))
        .addColumn('defined_in_env', 'integer', notNullDefault(0))
        .addColumn('framework_prefix', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_env_variables_name', 'env_variables', ['name']),
    index('idx_env_variables_file', 'env_variables', ['file']),
    strictTable('wrappers', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('name', 'text', notNull)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('category', 'text', notNull)
        .addColumn('wrapped_primitives', 'text', notNull)
        .addColumn('framework', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('is_multi_primitive', 'integer', notNullDefault(0))
        .addColumn('is_exported', 'integer', notNullDefault(0))
        .addColumn('usage_count', 'integer', notNullDefault(0))
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_wrappers_file', 'wrappers', ['file']),
    index('idx_wrappers_category', 'wrappers', ['category']),
    index('idx_wrappers_framework', 'wrappers', ['framework']),
    strictTable('dna_genes', (t) =>
      t
        .addColumn('gene_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', notNull)
        .addColumn('description', 'text', notNull)
        .addColumn('dominant_allele', 'text')
        .addColumn('alleles', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('consistency', 'real', notNull)
        .addColumn('exemplars', 'text', notNull)
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    strictTable('dna_mutations', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('gene_id', 'text', notNull)
        .addColumn('expected', 'text', notNull)
        .addColumn('actual', 'text', notNull)
        .addColumn('impact', 'text', notNull)
        .addColumn('code', 'text', notNull)
        .addColumn('suggestion', 'text', notNull)
        .addColumn('detected_at', 'integer', notNull)
        .addColumn('resolved', 'integer', notNullDefault(0))
        .addColumn('resolved_at', 'integer'),
    ),
    index('idx_dna_mutations_file', 'dna_mutations', ['file']),
    index('idx_dna_mutations_gene', 'dna_mutations', ['gene_id']),
    index('idx_dna_mutations_impact', 'dna_mutations', ['impact']),
    index('idx_dna_mutations_resolved', 'dna_mutations', ['resolved']),
    strictTable('crypto_findings', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('category', 'text', notNull)
        .addColumn('description', 'text', notNull)
        .addColumn('code', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('cwe_id', 'integer', notNull)
        .addColumn('owasp', 'text', notNull)
        .addColumn('remediation', 'text', notNull)
        .addColumn('language', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_crypto_findings_file', 'crypto_findings', ['file']),
    index('idx_crypto_findings_category', 'crypto_findings', ['category']),
    index('idx_crypto_findings_cwe', 'crypto_findings', ['cwe_id']),
    strictTable('owasp_findings', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('detector', 'text', notNull)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('description', 'text', notNull)
        .addColumn('severity', 'real', notNull)
        .addColumn('cwes', 'text', notNull)
        .addColumn('owasp_categories', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('remediation', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_owasp_findings_file', 'owasp_findings', ['file']),
    index('idx_owasp_findings_detector', 'owasp_findings', ['detector']),
    index('idx_owasp_findings_severity', 'owasp_findings', ['severity']),
    strictTable('decomposition_decisions', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('dna_profile_hash', 'text', notNull)
        .addColumn('adjustment', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('dna_similarity', 'real', notNull)
        .addColumn('narrative', 'text', notNull)
        .addColumn('source_dna_hash', 'text', notNull)
        .addColumn('applied_weight', 'real', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_decomp_decisions_hash', 'decomposition_decisions', ['dna_profile_hash']),
    index('idx_decomp_decisions_source', 'decomposition_decisions', ['source_dna_hash']),
  ],
};
