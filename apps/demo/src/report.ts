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
const MODULES_SHOWN = 25;

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
    `Workspace ${result.workspace}${
      result.workspaceRemoved
        ? ' (a new temporary folder, removed at exit; --keep keeps it)'
        : result.temporaryWorkspace
          ? ' (a new temporary folder, kept)'
          : ''
    }`,
  );

  const details = result.scanDetails;
  section('Scan');
  indent([
    `${plural(scan.filesTotal, 'file')}: ${n(scan.filesAdded)} added, ${n(scan.filesModified)} modified, ` +
      `${n(scan.filesRemoved)} removed, ${n(scan.filesUnchanged)} unchanged, ${plural(scan.errorsCount, 'error')} (${n(scan.durationMs)} ms)`,
    `${plural(details.discovered, 'file')} found (the progress total)${
      details.unreadable > 0 ? `, ${n(details.unreadable)} of them unreadable or gone when read` : ''
    }; left out: ${plural(details.skipped.ignored, 'file or folder', 'files or folders')} by ignore rules ` +
      `(.gitignore, .driftignore, the default ignores such as node_modules and .git${
        details.workspaceIgnores.length > 0 ? ", the workspace's own files" : ''
      }), ${plural(details.skipped.tooLarge, 'file')} over the ${bytes(details.maxFileSize)} size limit`,
  ]);

  const files = report.files;
  section(`Files by language (${plural(files.total, 'tracked file')})`);
  indent(
    table(
      [
        ...files.byLanguage.map((l) => [l.language, `${n(l.files)} files`, `${n(l.lines)} lines`]),
        ...(files.other.files > 0 ? [['other (no language)', `${n(files.other.files)} files`, '']] : []),
      ],
      new Set([1, 2]),
    ),
  );
  if (files.other.files > 0) {
    const shown = files.other.byExtension.slice(0, 8).map((e) => `${e.extension} ${n(e.files)}`);
    const rest = files.other.byExtension.length - shown.length;
    indent([
      `the ${plural(files.other.files, 'other file')} are in no language the scanner knows: ${shown.join(', ')}${
        rest > 0 ? `, ${plural(rest, 'more extension')}` : ''
      }`,
    ]);
  }

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
  const isolated = new Set(c.isolated);
  const coupled = c.modules
    .filter((m) => !isolated.has(m.module))
    .sort((a, b) => b.ce + b.ca - (a.ce + a.ca) || b.distance - a.distance || (a.module < b.module ? -1 : 1));
  const shown = coupled.slice(0, MODULES_SHOWN);
  if (shown.length > 0) {
    indent(['most coupled (Ce + Ca):']);
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
      '    ',
    );
  }
  if (coupled.length > shown.length)
    indent([`... and ${plural(coupled.length - shown.length, 'more coupled module')}`]);
  if (c.isolated.length > 0) {
    const names = c.isolated.slice(0, 6);
    indent([
      `left out: ${plural(c.isolated.length, 'isolated module')} (no import to or from another folder): ${names.join(', ')}${
        c.isolated.length > names.length ? ', ...' : ''
      }`,
    ]);
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
    `${plural(k.total - k.magicNumbers, 'named constant')} (${n(k.unused)} unused), ${plural(k.magicNumbers, 'magic number')}, ${plural(k.secrets.length, 'hard-coded secret')}${
      k.secretsBySeverity.length > 0
        ? ` (${k.secretsBySeverity.map((x) => `${n(x.count)} ${x.severity}`).join(', ')})`
        : ''
    }`,
    ...k.secrets.slice(0, 10).map((s) => `  ${s.severity} secret at ${s.file}:${s.line}`),
    ...(k.secrets.length > 10 ? [`  ... and ${plural(k.secrets.length - 10, 'more secret')}`] : []),
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
  if (grounding.length === 0) indent(['nothing to ground: no pattern and no coupled module']);
  for (const g of grounding) {
    indent([
      `${g.memoryId} (${g.memoryType}) "${g.claim}": ${g.verdict}, score ${fixed(g.score, 3)}`,
      `  why: ${g.explanation}`,
    ]);
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
