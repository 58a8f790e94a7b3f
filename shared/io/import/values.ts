// Cell values in planners' words to model values: school types from Chinese and English words or
// grade bands (K-6, 7-8, 9-12 …), levels, statuses, yes/no, numbers with thousands separators.
import type { Level, SchoolType } from '../../model';
import { lookupWord, SCHOOL_STATUS_WORDS, SCHOOL_TYPE_WORDS } from '../vocabulary';
import type { Cell } from '../source';

const EXTRA_TYPE_WORDS: Record<string, SchoolType> = {
  es: 'primary', elementary: 'primary', 'elementary school': 'primary', 'primary school': 'primary', 小学校: 'primary', 完全小学: 'primary', 中心小学: 'primary',
  ms: 'junior', 'middle school': 'junior', 'junior high': 'junior', 'junior high school': 'junior', 初级中学校: 'junior', 中学: 'junior',
  hs: 'senior', 'high school': 'senior', 'senior high': 'senior', 高级中学校: 'senior', 普通高中: 'senior',
  一贯制: 'nine_year', 九年制: 'nine_year', 九年一贯制学校: 'nine_year', 'elementary-middle': 'nine_year', 'middle-high': 'complete_secondary', 十二年一贯制: 'complete_secondary',
  小学教学点: 'teaching_point', 'teaching point': 'teaching_point',
};

/** A grade band such as K-6, 1-8, 7-12, "6 to 12", "K to 5" → the school type it implies. */
export function typeFromGradeBand(text: string): SchoolType | null {
  const m = /^\s*(k|pk|ps|\d{1,2})\s*(?:-|–|to|~|至)\s*(\d{1,2})\s*$/i.exec(text);
  if (!m) return null;
  const lo = /^(k|pk|ps)$/i.test(m[1]) ? 1 : Number(m[1]);
  const hi = Number(m[2]);
  if (!(lo >= 1 && hi <= 12 && lo <= hi)) return null;
  if (hi <= 6) return 'primary';
  if (lo >= 9 && hi >= 10) return 'senior'; // a US 9-12 high school
  if (lo >= 6 && hi <= 9) return 'junior'; // 6-8 middle schools
  if (lo >= 6) return 'complete_secondary';
  if (hi <= 9) return 'nine_year';
  return 'nine_year'; // K-12 / 1-12: the compulsory part is what this planner models
}

export function parseSchoolType(cell: Cell): SchoolType | null {
  if (cell === null || cell === '') return null;
  const s = String(cell).normalize('NFKC').trim();
  return lookupWord(SCHOOL_TYPE_WORDS, s) ?? EXTRA_TYPE_WORDS[s.toLowerCase()] ?? typeFromGradeBand(s) ?? null;
}

const LEVEL_WORDS: Record<string, Level> = {
  小学: 'primary', 初中: 'junior', 高中: 'senior', primary: 'primary', elementary: 'primary', es: 'primary', elem: 'primary',
  junior: 'junior', middle: 'junior', ms: 'junior', senior: 'senior', high: 'senior', hs: 'senior',
};

export function parseLevel(cell: Cell): Level | null {
  if (cell === null || cell === '') return null;
  const s = String(cell).normalize('NFKC').trim().toLowerCase();
  return LEVEL_WORDS[s] ?? null;
}

export function parseStatus(cell: Cell) {
  if (cell === null || cell === '') return null;
  return lookupWord(SCHOOL_STATUS_WORDS, String(cell).normalize('NFKC'));
}

export function parseBool(cell: Cell): boolean | null {
  if (cell === null || cell === '') return null;
  if (typeof cell === 'boolean') return cell;
  const s = String(cell).normalize('NFKC').trim().toLowerCase();
  if (['是', '有', 'y', 'yes', 'true', '1', '√'].includes(s)) return true;
  if (['否', '无', 'n', 'no', 'false', '0', '×'].includes(s)) return false;
  return null;
}

const SIMPLE_NUMBER = /^-?\d+(\.\d+)?$/;

/** A number from a cell: "1,234", "１２３" (full-width), " 45 " → number; '' → null; text → NaN. */
export function parseNumber(cell: Cell): number | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return Number.NaN;
  // Fast path for plain ASCII numbers (nearly every cell); full-width digits and separators below.
  if (SIMPLE_NUMBER.test(cell)) return Number(cell);
  const s = String(cell).normalize('NFKC').trim().replace(/,/g, '');
  if (s === '') return null;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : Number.NaN;
}

export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  const s = String(cell).trim();
  return s === '' ? null : s;
}
