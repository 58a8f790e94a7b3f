// Tolerant matching of names between tables (a 划片 list's school names against the school roster,
// a capacity table against facility names). Tiers, tried in order: exact; the same after
// normalising width, case, spacing and punctuation; without a campus note in brackets; without a
// type suffix ("Elementary School", "HS", "小学"…); one obvious misspelling (edit distance 1 for
// names of 5+ characters, 2 for 10+), only when a single candidate is that close. Every match that
// was not exact is reported for the planner to confirm; names that match nothing are listed.

export type MatchHow = 'exact' | 'normalised' | 'campus' | 'suffix' | 'spelling';

export interface NameMatch<T> {
  input: string;
  item: T;
  matchedName: string;
  how: MatchHow;
}

const SUFFIXES = [
  'elementary school', 'middle school', 'high school', 'secondary school', 'primary school', 'school', 'elementary', 'middle', 'high',
  'es', 'ms', 'hs', 'academy',
];
const ZH_SUFFIXES = ['九年一贯制学校', '完全中学', '中心小学', '中心学校', '小学', '初级中学', '中学', '学校', '教学点'];

export function normaliseName(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s·•.,，、'"“”‘’()（）\-–—_/]+/g, '');
}

function withoutCampus(s: string): string {
  return s.normalize('NFKC').replace(/[(（[【].*?[)）\]】]\s*$/u, '').trim();
}

function withoutSuffix(s: string): string {
  let t = withoutCampus(s).normalize('NFKC').toLowerCase().trim();
  for (const suf of SUFFIXES) if (t.endsWith(` ${suf}`)) t = t.slice(0, -suf.length - 1).trim();
  for (const suf of ZH_SUFFIXES) if (t.length > suf.length + 1 && t.endsWith(suf)) t = t.slice(0, -suf.length);
  return normaliseName(t);
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = cur[0];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j];
  }
  return prev[b.length];
}

export class NameMatcher<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly tiers: { how: MatchHow; key: (s: string) => string; map: Map<string, { name: string; item: T }[]> }[];
  private readonly all: { name: string; norm: string; item: T }[] = [];

  constructor(items: readonly T[], nameOf: (t: T) => string | readonly string[]) {
    this.tiers = [
      { how: 'normalised', key: normaliseName, map: new Map() },
      { how: 'campus', key: (s) => normaliseName(withoutCampus(s)), map: new Map() },
      { how: 'suffix', key: withoutSuffix, map: new Map() },
    ];
    for (const item of items) {
      const names = nameOf(item);
      for (const name of typeof names === 'string' ? [names] : names) {
        if (!name) continue;
        const list = this.exact.get(name) ?? [];
        list.push(item);
        this.exact.set(name, list);
        for (const t of this.tiers) {
          const k = t.key(name);
          if (!k) continue;
          const l = t.map.get(k) ?? [];
          l.push({ name, item });
          t.map.set(k, l);
        }
        this.all.push({ name, norm: normaliseName(name), item });
      }
    }
  }

  /** The unique best match, or null when nothing (or more than one thing) matches at the first tier that hits. */
  match(input: string): NameMatch<T> | null {
    const exact = this.exact.get(input);
    if (exact) return exact.length === 1 || new Set(exact).size === 1 ? { input, item: exact[0], matchedName: input, how: 'exact' } : null;
    for (const t of this.tiers) {
      const k = t.key(input);
      if (!k) continue;
      const hits = t.map.get(k);
      if (hits) {
        const distinct = [...new Set(hits.map((h) => h.item))];
        return distinct.length === 1 ? { input, item: distinct[0], matchedName: hits[0].name, how: t.how } : null;
      }
    }
    const norm = normaliseName(input);
    if (norm.length < 5) return null;
    const max = norm.length >= 10 ? 2 : 1;
    let best: { name: string; item: T } | null = null;
    let bestD = max + 1;
    let tie = false;
    for (const c of this.all) {
      const d = editDistance(norm, c.norm, max);
      if (d < bestD) {
        bestD = d;
        best = c;
        tie = false;
      } else if (d === bestD && best && c.item !== best.item) tie = true;
    }
    return best && bestD <= max && !tie ? { input, item: best.item, matchedName: best.name, how: 'spelling' } : null;
  }
}
