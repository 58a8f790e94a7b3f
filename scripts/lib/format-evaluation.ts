// Plain-text rendering of an evaluation for the command line: county figures, the standards they
// are checked against, a table per school, and the gaps, overlaps and problems found.
import type { DistanceStats, Evaluation } from '../../shared/engine/types';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const int = (x: number) => Math.round(x).toLocaleString('en');
const km = (d: DistanceStats | null, k: keyof DistanceStats) => (d ? (d[k] / 1000).toFixed(2) : '—');

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

export function formatEvaluation(ev: Evaluation, scenarioName: string): string {
  const lines: string[] = [`Scenario ${scenarioName} — method ${ev.method}${ev.roadsUsed ? `, road network (${ev.profile})` : ', straight-line distances only'}`];
  for (const l of ev.levels) {
    const c = l.county;
    lines.push('', `== ${l.level} ==`);
    lines.push(`schools ${c.schools}   pupils ${int(c.pupils)}   seats ${int(c.seats)}   seat balance ${int(c.seatBalance)}   seat gap at full schools ${int(c.seatGap)}`);
    lines.push(`over capacity ${c.overCapacitySchools} schools   classes above standard ${c.classesAboveStandard}   oversized (≥56) ${c.oversizedClasses}   extra-large (≥66) ${c.extraLargeClasses}`);
    lines.push(`share within service radius ${pct(c.shareWithinRadius)}   gap pupils ${int(c.gapPupils)}   overlap pupils ${int(c.overlapPupils)}   unseated ${int(c.unseatedPupils)}`);
    for (const cv of c.cv) lines.push(`CV ${cv.indicator}: ${cv.cv.toFixed(3)} (limit ${cv.limit.toFixed(2)}) ${cv.pass ? 'pass' : 'FAIL'} over ${cv.schools} schools`);
    const header = ['id', 'school', 'pupils', 'seats', 'util', 'surplus', 'classes', 'needed', '≥56', 'mean km', 'p90 km', 'net km', 'in radius'];
    const rows = l.schools.map((s) => [s.schoolId, s.name, int(s.pupils), int(s.seats), pct(s.utilisation), int(s.surplus), String(s.classes), String(s.classesNeeded), String(s.oversizedClasses), km(s.straight, 'mean'), km(s.straight, 'p90'), km(s.network, 'mean'), pct(s.shareWithinRadius)]);
    const widths = header.map((h, k) => Math.max(width(h), ...rows.map((r) => width(r[k]))));
    const line = (cells: string[]) => cells.map((cell, k) => (k <= 1 ? cell + ' '.repeat(widths[k] - width(cell)) : ' '.repeat(widths[k] - width(cell)) + cell)).join('  ');
    lines.push(line(header));
    for (const r of rows) lines.push(line(r));
    if (l.gaps.length) lines.push(`gaps (${l.gaps.length}): ${l.gaps.slice(0, 20).map((g) => `${g.name} (${g.pupils})`).join(', ')}${l.gaps.length > 20 ? ', …' : ''}`);
    if (l.overlaps.length) lines.push(`overlaps (${l.overlaps.length}): ${l.overlaps.slice(0, 20).map((o) => `${o.name} in ${o.schoolIds.join(' + ')}`).join(', ')}${l.overlaps.length > 20 ? ', …' : ''}`);
    const split = l.catchments.filter((k) => (k.parts ?? 1) > 1 || k.schoolOutside);
    for (const k of split) lines.push(`catchment ${k.catchmentId}: ${[(k.parts ?? 1) > 1 ? `${k.parts} parts` : '', k.schoolOutside ? 'school outside its catchment' : ''].filter(Boolean).join(', ')}`);
  }
  for (const p of ev.problems) lines.push(`${p.severity}: ${p.kind} ${p.name} (${p.id}): ${p.message}`);
  return lines.join('\n');
}
