// Bytes to text for every reader: byte-order marks, UTF-8 when the bytes are valid UTF-8, else GB18030
// (a superset of GBK/GB2312, the usual encoding of Chinese spreadsheets exported as CSV).
// Uses only TextDecoder, which Node, browsers and workers all have.

interface Decoder {
  readonly encoding: string;
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type DecoderConstructor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder;

// shared/ compiles without DOM or Node types, so reach TextDecoder through globalThis.
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: DecoderConstructor }).TextDecoder;

export function textDecoder(label: string, fatal = false): Decoder {
  return new TextDecoderImpl(label, { fatal });
}

export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding used ('utf-8', 'gb18030', 'gbk', 'utf-16le', …). */
  encoding: string;
  /** Something a planner should know about the decoding (a cut-off last character, undecodable bytes). */
  warning?: string;
}

/**
 * Maps the encoding names people and GIS tools write (`CP936`, `936`, `GB2312`, `UTF8`, `65001`, `1252`…)
 * to a label TextDecoder accepts; null when no decoder here knows it.
 */
export function normalizeEncoding(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/[\s_]/g, '');
  if (l === '') return null;
  let name: string;
  if (/^(cp|ms|windows-?|x-?)?936$/.test(l) || ['gbk', 'x-gbk', 'gb2312', 'gb-2312', 'euc-cn', 'euccn', 'chinese', 'csgb2312'].includes(l)) name = 'gbk';
  else if (l === 'gb18030' || l === 'gb-18030' || /^(cp)?54936$/.test(l)) name = 'gb18030';
  else if (/^(utf-?8|(cp)?65001)$/.test(l)) name = 'utf-8';
  else if (/^(cp)?950$/.test(l) || l === 'big5' || l === 'big-5' || l === 'big5-hkscs') name = 'big5';
  else if (/^(cp|windows-?|ansi)?125[0-8]$/.test(l)) name = `windows-${l.slice(-4)}`;
  else if (/^(iso-?8859-?1|latin-?1|88591)$/.test(l)) name = 'iso-8859-1';
  else if (/^utf-?16-?le$/.test(l) || l === 'utf-16' || l === 'unicode') name = 'utf-16le';
  else if (/^utf-?16-?be$/.test(l)) name = 'utf-16be';
  else name = l;
  try {
    return textDecoder(name).encoding;
  } catch {
    return null;
  }
}

function hasPrefix(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** UTF-16 without a BOM shows as a zero byte in every other position of mostly-ASCII text. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Decodes a text file. `override` (an encoding the user chose) wins; otherwise a BOM decides, then
 * valid UTF-8, then GB18030. A UTF-8 file cut in the middle of a character stays UTF-8 (with a warning)
 * rather than being misread as GB18030. Throws only for an override no decoder knows.
 */
export function decodeText(bytes: Uint8Array, override?: string): DecodedText {
  if (override !== undefined && override.trim() !== '') {
    const encoding = normalizeEncoding(override);
    if (!encoding) throw new Error(`unknown text encoding "${override}" (try utf-8, gbk, gb18030 or big5)`);
    return { text: stripBom(textDecoder(encoding).decode(bytes)), encoding };
  }
  if (hasPrefix(bytes, [0xef, 0xbb, 0xbf])) return { text: textDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (hasPrefix(bytes, [0xff, 0xfe])) return { text: textDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (hasPrefix(bytes, [0xfe, 0xff])) return { text: textDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  if (hasPrefix(bytes, [0x84, 0x31, 0x95, 0x33])) return { text: stripBom(textDecoder('gb18030').decode(bytes)), encoding: 'gb18030' };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: textDecoder(utf16).decode(bytes), encoding: utf16 };

  const utf8 = textDecoder('utf-8', true);
  let text: string | null;
  try {
    text = utf8.decode(bytes, { stream: true });
  } catch {
    text = null; // not UTF-8
  }
  if (text !== null) {
    try {
      return { text: text + utf8.decode(), encoding: 'utf-8' };
    } catch {
      return { text, encoding: 'utf-8', warning: 'the file ends in the middle of a character: it may be truncated' };
    }
  }
  const gb = textDecoder('gb18030').decode(bytes);
  if (gb.includes('\ufffd')) {
    return { text: gb, encoding: 'gb18030', warning: 'some bytes are neither UTF-8 nor GB18030: if the text looks wrong, choose the file’s encoding' };
  }
  return { text: gb, encoding: 'gb18030' };
}
