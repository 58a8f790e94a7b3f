// The bundled CJK font for map labels: the Noto Sans SC subsets of @fontsource (weight 400),
// declared in the style's font-faces with their unicode ranges, so labels need no glyph server.
import fontCss from '@fontsource/noto-sans-sc/400.css?raw';

const files = import.meta.glob('../../node_modules/@fontsource/noto-sans-sc/files/*-400-normal.woff2', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

export const MAP_FONT = 'Noto Sans SC Regular';

export interface FontFace { url: string; 'unicode-range': string[] }

export function fontFaces(): Record<string, FontFace[]> {
  const byName = new Map(Object.entries(files).map(([path, url]) => [path.split('/').pop()!, url]));
  const faces: FontFace[] = [];
  for (const block of fontCss.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    const url = file ? byName.get(file) : undefined;
    if (url && range) faces.push({ url, 'unicode-range': range.split(',').map((r) => r.trim()) });
  }
  return { [MAP_FONT]: faces };
}
