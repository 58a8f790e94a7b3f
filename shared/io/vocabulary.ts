// Chinese and English words planners' tables use for types, statuses and grades, mapped to the model.
import type { ResidenceKind, RoadClass, SchoolStatus, SchoolType, SettlementType, ContextKind } from '../model';

export const SCHOOL_TYPE_WORDS: Record<string, SchoolType> = {
  小学: 'primary', 初中: 'junior', 初级中学: 'junior', 九年一贯制: 'nine_year', 九年一贯制学校: 'nine_year',
  完全中学: 'complete_secondary', 完中: 'complete_secondary', 高中: 'senior', 高级中学: 'senior', 教学点: 'teaching_point',
  primary: 'primary', elementary: 'primary', junior: 'junior', middle: 'junior', nine_year: 'nine_year',
  complete_secondary: 'complete_secondary', senior: 'senior', high: 'senior', teaching_point: 'teaching_point',
};

export const SCHOOL_STATUS_WORDS: Record<string, SchoolStatus> = {
  在办: 'open', 办学: 'open', 正常: 'open', 规划: 'planned', 拟建: 'planned', 在建: 'planned', 已撤并: 'closed', 撤并: 'closed', 停办: 'closed',
  open: 'open', planned: 'planned', closed: 'closed',
};

export const RESIDENCE_KIND_WORDS: Record<string, ResidenceKind> = {
  小区: 'complex', 社区: 'complex', 村: 'village', 行政村: 'village', 自然村: 'village', 街区: 'block', 其他: 'other', block: 'block', complex: 'complex', village: 'village', other: 'other',
};

export const SETTLEMENT_WORDS: Record<string, SettlementType> = {
  城区: 'urban', 镇区: 'town', 乡村: 'rural', 农村: 'rural', urban: 'urban', town: 'town', rural: 'rural',
};

export const ROAD_CLASS_WORDS: Record<string, RoadClass> = {
  高速公路: 'expressway', 高速: 'expressway', 国道: 'national', 省道: 'provincial', 县道: 'county', 乡道: 'township', 村道: 'village', 城市道路: 'street',
  expressway: 'expressway', national: 'national', provincial: 'provincial', county: 'county', township: 'township', village: 'village', street: 'street',
};

export const CONTEXT_FILE_KINDS: Record<string, ContextKind> = {
  county: 'county', townships: 'township', rivers: 'river', lakes: 'lake', places: 'place',
};

/** Grade column stems, grades 1–12. */
export const GRADE_WORDS_ZH = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级', '高一', '高二', '高三'] as const;

export function lookupWord<T>(table: Record<string, T>, word: string | null): T | null {
  if (word === null) return null;
  return table[word.trim()] ?? table[word.trim().toLowerCase()] ?? null;
}
