// Chinese place and school names with Hanyu Pinyin, built from segments so each segment's
// pinyin can be capitalised the way Chinese maps romanise names ("Longxi Zhen").
import { pinyin } from 'pinyin-pro';
import type { Rng } from './frame';

export interface Name { zh: string; py: string }

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export function segPinyin(seg: string): string {
  return cap((pinyin(seg, { toneType: 'none', type: 'array' }) as string[]).join('').replace(/ü/g, 'v').replace(/v/g, 'ü'));
}

export function name(...segments: string[]): Name {
  return { zh: segments.join(''), py: segments.filter(Boolean).map(segPinyin).join(' ') };
}

const FIRST = ['龙', '桂', '竹', '石', '清', '白', '黄', '长', '安', '上', '下', '新', '高', '东', '西', '南', '北', '大', '小', '马', '梅', '枫', '松', '杉', '茶', '金', '银', '凤', '罗', '林', '陈', '张', '吴', '曾', '赖', '黎', '温', '谢', '杨', '邱', '洪', '湖', '溪', '坪', '禾', '丰', '和', '泉', '岭', '云'];
const SECOND = ['溪', '坑', '坪', '洋', '坊', '岭', '源', '口', '塘', '田', '畲', '峰', '山', '湖', '桥', '坝', '埔', '寨', '墩', '垄', '村', '背', '林', '竹', '地', '湾', '下', '头', '际', '家'];

/** Unique two-character stems: every generated place name differs from every other. */
export class NameBook {
  private used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  reserve(stem: string): void {
    this.used.add(stem);
  }
  stem(): string {
    for (let tries = 0; tries < 10_000; tries++) {
      const s = this.rng.pick(FIRST) + this.rng.pick(SECOND);
      if (s[0] === s[1] || this.used.has(s)) continue;
      this.used.add(s);
      return s;
    }
    throw new Error('ran out of place names');
  }
  /** Three-character names for natural villages (自然村), e.g. 上洋里, 竹坑头. */
  stem3(): string {
    for (let tries = 0; tries < 10_000; tries++) {
      const s = this.rng.pick(FIRST) + this.rng.pick(SECOND) + this.rng.pick(THIRD);
      if (s[0] === s[1] || s[1] === s[2] || this.used.has(s)) continue;
      this.used.add(s);
      return s;
    }
    throw new Error('ran out of natural village names');
  }
}
const THIRD = ['里', '外', '头', '尾', '下', '上', '背', '坑', '坪', '岗', '洲', '垅', '岭'];

export const URBAN_COMPLEX_SUFFIX = ['小区', '花园', '新村', '苑', '家园', '公寓', '华庭', '名城'];
export const COMPLEX_STEMS = ['锦绣', '阳光', '滨江', '翠园', '幸福', '和平', '文峰', '紫荆', '东方', '金桥', '龙湖', '学府', '碧水', '书香', '富康', '华庭', '明珠', '盛世', '丽景', '宏图', '新城', '青溪', '江南', '泰和', '瑞祥', '凤凰', '状元', '春晖', '溪畔', '秀山'];
