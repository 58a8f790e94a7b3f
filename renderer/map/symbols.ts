// School symbols drawn to canvas (no sprite URL): one shape and colour per school type, hollow for
// planned schools and grey with a cross for closed ones. Colours are shared with the legend.
import type { SchoolStatus, SchoolType } from '../../shared/model';

export const SCHOOL_COLORS: Record<SchoolType, string> = {
  primary: '#2563eb', junior: '#16a34a', nine_year: '#9333ea', complete_secondary: '#ea580c', senior: '#dc2626', teaching_point: '#0891b2',
};

type Shape = 'circle' | 'square' | 'diamond' | 'hexagon' | 'triangle' | 'dot';
export const SCHOOL_SHAPES: Record<SchoolType, Shape> = {
  primary: 'circle', junior: 'square', nine_year: 'diamond', complete_secondary: 'hexagon', senior: 'triangle', teaching_point: 'dot',
};

export const SETTLEMENT_COLORS = { urban: '#d97706', town: '#ca8a04', rural: '#65a30d' } as const;

function path(ctx: CanvasRenderingContext2D, shape: Shape, c: number, r: number): void {
  ctx.beginPath();
  const poly = (n: number, rot: number, rr = r) => {
    for (let i = 0; i < n; i++) {
      const a = rot + (i * 2 * Math.PI) / n;
      const x = c + rr * Math.cos(a);
      const y = c + rr * Math.sin(a);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.closePath();
  };
  switch (shape) {
    case 'circle': ctx.arc(c, c, r, 0, 2 * Math.PI); break;
    case 'dot': ctx.arc(c, c, r * 0.7, 0, 2 * Math.PI); break;
    case 'square': ctx.rect(c - r * 0.85, c - r * 0.85, r * 1.7, r * 1.7); break;
    case 'diamond': poly(4, -Math.PI / 2, r * 1.1); break;
    case 'hexagon': poly(6, 0); break;
    case 'triangle': poly(3, -Math.PI / 2, r * 1.15); break;
  }
}

export function symbolId(type: SchoolType, status: SchoolStatus): string {
  return `school-${type}-${status}`;
}

const drawn = new Map<string, ImageData>();
const urls = new Map<string, string>();

/** Draws one symbol as ImageData (2× for sharp edges on high-DPI screens); each is drawn once. */
export function drawSymbol(type: SchoolType, status: SchoolStatus, size = 48): ImageData {
  const key = `${type}-${status}-${size}`;
  let img = drawn.get(key);
  if (!img) drawn.set(key, (img = paintSymbol(type, status, size)));
  return img;
}

function paintSymbol(type: SchoolType, status: SchoolStatus, size: number): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!; // read back at once: a CPU canvas
  const c = size / 2;
  const r = size * 0.36;
  const color = status === 'closed' ? '#9ca3af' : SCHOOL_COLORS[type];
  path(ctx, SCHOOL_SHAPES[type], c, r);
  ctx.fillStyle = status === 'planned' ? '#ffffff' : color;
  ctx.fill();
  ctx.lineWidth = size * (status === 'planned' ? 0.1 : 0.06);
  ctx.strokeStyle = status === 'planned' ? color : '#ffffff';
  if (status === 'planned') ctx.setLineDash([size * 0.12, size * 0.08]);
  ctx.stroke();
  if (status === 'closed') {
    ctx.setLineDash([]);
    ctx.strokeStyle = '#374151';
    ctx.lineWidth = size * 0.07;
    ctx.beginPath();
    ctx.moveTo(c - r * 0.6, c - r * 0.6);
    ctx.lineTo(c + r * 0.6, c + r * 0.6);
    ctx.moveTo(c + r * 0.6, c - r * 0.6);
    ctx.lineTo(c - r * 0.6, c + r * 0.6);
    ctx.stroke();
  }
  return ctx.getImageData(0, 0, size, size);
}

/** A data URL of the same symbol, for the legend and the list. */
export function symbolDataUrl(type: SchoolType, status: SchoolStatus, size = 32): string {
  const key = `${type}-${status}-${size}`;
  const known = urls.get(key);
  if (known) return known;
  const img = drawSymbol(type, status, size);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  canvas.getContext('2d', { willReadFrequently: true })!.putImageData(img, 0, 0); // a CPU canvas: no GPU read-back
  const url = canvas.toDataURL();
  urls.set(key, url);
  return url;
}

/** Catchment fills by the utilisation of the school's seats (assigned pupils ÷ seats). */
export const UTILISATION_CLASSES = [
  { upTo: 0.6, color: '#60a5fa', key: 'under60' },
  { upTo: 0.9, color: '#a7f3d0', key: 'under90' },
  { upTo: 1.0, color: '#34d399', key: 'under100' },
  { upTo: 1.1, color: '#f59e0b', key: 'under110' },
  { upTo: Infinity, color: '#dc2626', key: 'over110' },
] as const;
export const NO_SEATS_COLOR = '#9ca3af';
