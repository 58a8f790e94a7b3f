// Plain-text report of an import for the command line: counts, the mapping and coordinate system
// used per file, inexact matches to confirm, unmatched names, and every problem by file and row.
import { formatProblem } from '../../shared/base/problems';
import type { ImportResult } from '../../electron/backend/import';

export function formatImport(r: ImportResult, path: string): string {
  const lines: string[] = [];
  lines.push(r.written ? `Imported into ${path} in ${(r.ms / 1000).toFixed(1)} s: ${r.counts.schools} schools, ${r.counts.residences} residence units, ${r.counts.catchments} catchments, ${r.counts.roads} roads, ${r.counts.housing} housing developments`
    : r.ok ? 'Checked (dry run): nothing written' : 'Nothing was written: fix the errors below and run the import again');
  for (const l of r.layers) {
    lines.push('', `${l.layer} ← ${l.file}: ${l.imported} imported from ${l.rows} rows, ${l.skipped} rows skipped`);
    lines.push(`  columns: ${Object.entries(l.mapping).map(([f, c]) => `${f}=${c}`).join(', ') || '(none recognised)'}`);
    if (l.unmappedColumns.length) lines.push(`  kept as extra attributes: ${l.unmappedColumns.join(', ')}`);
    if (l.crs) lines.push(`  coordinates: ${l.crs.kind === 'proj' ? l.crs.name : l.crs.kind} (${l.crsSource})`);
    if (l.inexactMatches.length) lines.push(`  matched by a similar name (check): ${l.inexactMatches.slice(0, 30).map((m) => `${m.input} → ${m.matched} (${m.how})`).join('; ')}${l.inexactMatches.length > 30 ? `; and ${l.inexactMatches.length - 30} more` : ''}`);
    if (l.unmatched.length) lines.push(`  unmatched names (${l.unmatched.length}): ${l.unmatched.slice(0, 30).join('; ')}${l.unmatched.length > 30 ? `; and ${l.unmatched.length - 30} more (--json lists all)` : ''}`);
  }
  const shown = r.problems.slice(0, 60);
  if (shown.length) lines.push('', `Problems (${r.problems.length}):`, ...shown.map((p) => `  ${p.severity}: ${formatProblem(p)}`));
  if (r.problems.length > shown.length) lines.push(`  … and ${r.problems.length - shown.length} more (--json lists all)`);
  return lines.join('\n');
}
