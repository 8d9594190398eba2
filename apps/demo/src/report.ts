import type { DemoResult } from './demo.js';

const fmt = new Intl.NumberFormat('en-US');
const n = (value: number): string => fmt.format(value);
const fixed = (value: number, digits = 2): string => value.toFixed(digits);
const plural = (count: number, one: string, many = `${one}s`): string =>
  `${n(count)} ${count === 1 ? one : many}`;

function table(rows: readonly (readonly string[])[], alignRight: ReadonlySet<number> = new Set()): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (alignRight.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** Modules shown in the coupling table; the rest are counted. */
export const MODULES_SHOWN = 25;

/** The text report of a demo run. */
export function renderReport(result: DemoResult): string {
  const { scan, report, grounding, maintenance } = result;
  const out: string[] = [];
  const section = (title: string): void => {
    out.push('', title);
  };
  const indent = (lines: readonly string[], by = '  '): void => {
    for (const line of lines) out.push(`${by}${line}`);
  };

  out.push(`Drift demo of ${result.repository}`);
  out.push(
    `Workspace ${result.workspace}${result.temporaryWorkspace ? ' (a new temporary folder, kept)' : ''}`,
  );

  section('Scan');
  indent([
    `${plural(scan.filesTotal, 'file')}: ${n(scan.filesAdded)} added, ${n(scan.filesModified)} modified, ` +
      `${n(scan.filesRemoved)} removed, ${n(scan.filesUnchanged)} unchanged, ${plural(scan.errorsCount, 'error')} (${n(scan.durationMs)} ms)`,
  ]);

  section(`Files by language (${plural(report.files.total, 'tracked file')})`);
  indent(
    report.files.byLanguage.length === 0
      ? ['no file in a known language']
      : table(
          report.files.byLanguage.map((l) => [l.language, `${n(l.files)} files`, `${n(l.lines)} lines`]),
          new Set([1, 2]),
        ),
  );

  const f = report.functions;
  section('Functions');
  indent([
    `${plural(f.total, 'function')} (${n(f.exported)} exported, ${n(f.async)} async), ${plural(f.callEdges, 'call edge')}, ` +
      `${plural(f.entryPoints, 'entry point')}, resolution rate ${fixed(f.resolutionRate * 100, 1)}%`,
  ]);
  if (f.mostCalled.length > 0) {
    indent(['most called:']);
    indent(
      table(
        f.mostCalled.map((c) => [`${n(c.calls)}x`, c.name, `${c.file}:${c.line}`]),
        new Set([0]),
      ),
      '    ',
    );
  }

  const c = report.coupling;
  section(`Module coupling (${plural(c.moduleCount, 'module')}; a module is a folder)`);
  if (c.modules.length > 0) {
    const shown = [...c.modules]
      .sort((a, b) => b.distance - a.distance || (a.module < b.module ? -1 : 1))
      .slice(0, MODULES_SHOWN);
    indent(
      table(
        [
          ['module', 'Ce', 'Ca', 'I', 'A', 'D', 'zone'],
          ...shown.map((m) => [
            m.module,
            String(m.ce),
            String(m.ca),
            fixed(m.instability),
            fixed(m.abstractness),
            fixed(m.distance),
            m.zone,
          ]),
        ],
        new Set([1, 2, 3, 4, 5]),
      ),
    );
    if (c.modules.length > shown.length)
      indent([`... and ${plural(c.modules.length - shown.length, 'more module')} (largest distance first)`]);
  }
  if (c.cycles.length === 0) {
    indent(['no import cycle']);
  } else {
    indent([`${plural(c.cycles.length, 'import cycle')}:`]);
    for (const cycle of c.cycles) {
      const easiest = cycle.breakSuggestions[0];
      indent(
        [
          `${cycle.members.join(' <-> ')}`,
          ...(easiest
            ? [`  easiest break: ${easiest.from} -> ${easiest.to} (impact ${fixed(easiest.impact)})`]
            : []),
        ],
        '    ',
      );
    }
  }

  const env = report.environment;
  section(`Environment variables (${plural(env.variables.length, 'variable')})`);
  if (env.variables.length > 0) {
    indent(
      table(
        env.variables.map((v) => [
          v.name,
          `${plural(v.reads, 'read')} in ${plural(v.files.length, 'file')}`,
          v.alwaysDefaulted ? 'default given' : v.definedInEnv ? 'defined in .env' : 'no default',
        ]),
      ),
    );
  }
  if (env.missing.length > 0)
    indent([`read without a default or .env definition: ${env.missing.join(', ')}`]);

  const k = report.constants;
  section('Constants');
  indent([
    `${plural(k.total - k.magicNumbers, 'named constant')} (${n(k.unused)} unused), ${plural(k.magicNumbers, 'magic number')}, ${plural(k.secrets.length, 'hard-coded secret')}`,
    ...k.secrets.map((s) => `  ${s.severity} secret at ${s.file}:${s.line}`),
  ]);

  const d = report.detections;
  section(`Detections (${plural(d.total, 'detection')} of ${plural(d.patterns.length, 'pattern')})`);
  for (const category of d.byCategory) {
    indent([`${category.category}: ${n(category.detections)}`]);
    indent(
      table(
        d.patterns
          .filter((p) => p.category === category.category)
          .map((p) => [p.id, `${n(p.occurrences)}x`, `confidence ${fixed(p.confidence)}`]),
        new Set([1]),
      ),
      '    ',
    );
  }

  section(`Violations (${n(report.violations.length)})`);
  indent(
    report.violations.slice(0, 20).map((v) => `${v.severity} ${v.ruleId} ${v.file}:${v.line} ${v.message}`),
  );
  if (report.violations.length > 20)
    indent([`... and ${plural(report.violations.length - 20, 'more violation')}`]);

  section('Quality gates');
  indent(
    table(
      report.gates.map((g) => [g.gateId, g.status, fixed(g.score, 1), g.summary]),
      new Set([2]),
    ),
  );
  if (report.degradationAlerts.length > 0) {
    indent(['degradation since the previous run:']);
    indent(
      report.degradationAlerts.map((a) => `${a.severity} ${a.alertType}: ${a.message}`),
      '    ',
    );
  } else {
    indent(['no degradation since the previous run']);
  }

  section('Grounding (reader-bridge, read-only)');
  if (grounding.length === 0) indent(['nothing to ground: no pattern, module or called function']);
  for (const g of grounding) {
    indent([
      `${g.memoryId} (${g.memoryType}) about ${g.about.join(', ')}: ${g.verdict}, score ${fixed(g.score, 3)}`,
    ]);
    indent(
      table(
        g.evidence.map((e) => [
          e.type,
          e.subject,
          `value ${fixed(e.driftValue, 3)}`,
          `support ${fixed(e.support, 3)}`,
          `weight ${fixed(e.weight)}`,
        ]),
      ),
      '    ',
    );
    if (g.evidence.length === 0) indent(['no evidence in drift.db'], '    ');
  }

  section('Workspace maintenance');
  indent([
    `backup     ${maintenance.backup.path} (${bytes(maintenance.backup.sizeBytes)}${maintenance.backup.verified ? ', verified' : ''})`,
    `export     ${maintenance.export.path} (${bytes(maintenance.export.sizeBytes)})`,
    `integrity  ${maintenance.integrity.ok ? 'ok' : `${plural(maintenance.integrity.issues.length, 'issue')}: ${maintenance.integrity.issues.join('; ')}`}`,
    `gc         ${plural(maintenance.gc.totalDeleted, 'row')} removed${
      maintenance.gc.perTable.length > 0
        ? ` (${maintenance.gc.perTable.map((t) => `${t.table} ${t.deleted}`).join(', ')})`
        : ''
    }`,
  ]);
  out.push('', 'Shut down cleanly.');
  return `${out.join('\n')}\n`;
}
