// Zip archives (a zipped shapefile, an XLSX workbook) checked before they are opened, so a truncated
// download is named as such instead of surfacing as a library's stack trace.
import { unzipSync } from 'fflate';
import { textDecoder } from './text';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Why the bytes are not a complete zip archive, or null when its directory is where it should be. */
export function zipProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  if (!looksLikeZip(bytes)) return 'not a zip archive';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stop = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let i = bytes.length - EOCD_SIZE; i >= stop; i--) {
    if (view.getUint32(i, true) !== EOCD_SIGNATURE) continue;
    const dirSize = view.getUint32(i + 12, true);
    const dirOffset = view.getUint32(i + 16, true);
    if (dirOffset !== 0xffffffff && dirOffset + dirSize > i) return 'zip central directory damaged';
    return null;
  }
  return 'zip central directory missing';
}

/**
 * Names stored without the UTF-8 flag come out of fflate as Latin-1; Chinese tools write them in GBK
 * (or UTF-8 without the flag). Recover the bytes and decode them properly.
 */
function fixName(name: string): string {
  let high = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 0xff) return name; // already decoded as UTF-8
    if (c >= 0x80) high = true;
  }
  if (!high) return name;
  const bytes = Uint8Array.from(name, (ch) => ch.charCodeAt(0));
  try {
    return textDecoder('utf-8', true).decode(bytes);
  } catch {
    return textDecoder('gb18030').decode(bytes);
  }
}

function skipped(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\._/.test(name) || /(^|\/)\.DS_Store$/.test(name);
}

/** The member names of a zip archive (folders and macOS metadata left out), read from its directory. */
export function listZip(bytes: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(bytes, {
    filter: (f) => {
      if (!skipped(f.name)) names.push(fixName(f.name));
      return false;
    },
  });
  return names;
}

/** Unzips the members whose (decoded) names `want` accepts. */
export function unzipMembers(bytes: Uint8Array, want: (name: string) => boolean): Record<string, Uint8Array> {
  const rawToFixed = new Map<string, string>();
  const raw = unzipSync(bytes, {
    filter: (f) => {
      if (skipped(f.name)) return false;
      const name = fixName(f.name);
      if (!want(name)) return false;
      rawToFixed.set(f.name, name);
      return true;
    },
  });
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(raw)) out[rawToFixed.get(k) ?? k] = v;
  return out;
}
