// "Export map" in the top bar: the map as drawn now to a PNG file, or the print layout (title,
// legend, scale bar, north arrow, sources, date) in a new window that opens the print dialog, where
// the planner prints or saves a PDF. The CLI makes the same sheet: `npm run cli -- export P --format pdf`.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activeMapController } from '../map/MapView';
import { LAYERS, useStore } from '../state/store';
import { printUrl, today } from '../print/params';
import { api } from '../api';
import './ExportMenu.css';

function fileName(project: string, ext: string): string {
  return `${project.replace(/[\\/:*?"<>|\s]+/g, '_') || 'map'}-${today()}.${ext}`;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportMenu() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const ready = useStore((s) => s.data !== null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const png = async () => {
    setOpen(false);
    setMessage(null);
    const c = activeMapController();
    const data = useStore.getState().data;
    if (!c || !data) return;
    try {
      const canvas = await c.snapshot(Math.max(2, window.devicePixelRatio)); // sharp enough for a report
      const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
      if (!blob) throw new Error('empty image');
      download(blob, fileName(data.summary.meta.name, 'png'));
    } catch (e) {
      setMessage(t('exportMap.failed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  const pdf = () => {
    setOpen(false);
    setMessage(null);
    const s = useStore.getState();
    // The sheet shows what the planner sees: this extent, these layers and colours, this method.
    const url = printUrl({
      paper: 'A4', orientation: 'landscape', lang: s.locale, bbox: activeMapController()?.viewBounds() ?? null,
      layers: LAYERS.filter((l) => s.layers[l]), colourBy: s.colourBy, method: s.method, profile: s.profile, toolbar: true, autoprint: true,
    });
    // The new window shares this tab's session (and so its browser-mode token). Electron's shell
    // denies window.open for now (see the TODO in electron/main/index.ts).
    const w = window.open(url, '_blank');
    if (!w) setMessage(t('exportMap.popupBlocked'));
  };

  // Planning tables and layers, built by the backend from the same evaluation the panels show.
  const file = async (format: 'xlsx' | 'csv' | 'geojson' | 'gpkg', layer?: 'schools' | 'residences' | 'catchments') => {
    setOpen(false);
    setMessage(null);
    try {
      const f = await api.call('export.file', { format, layer, locale: useStore.getState().locale });
      const bin = atob(f.dataBase64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      download(new Blob([bytes], { type: f.mime }), f.name);
    } catch (e) {
      setMessage(t('exportMap.failed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <div className="export-menu" ref={root}>
      <button data-testid="export-map" disabled={!ready} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>{t('exportData.button')} ▾</button>
      {open && (
        <div className="export-menu-list" role="menu">
          <button role="menuitem" data-testid="export-map-png" onClick={() => void png()}>{t('exportMap.png')}</button>
          <button role="menuitem" data-testid="export-map-pdf" onClick={pdf}>{t('exportMap.pdf')}</button>
          <hr />
          <button role="menuitem" data-testid="export-xlsx" onClick={() => void file('xlsx')}>{t('exportData.xlsx')}</button>
          <button role="menuitem" data-testid="export-gpkg" onClick={() => void file('gpkg')}>{t('exportData.gpkg')}</button>
          {(['schools', 'residences', 'catchments'] as const).map((layer) => (
            <button key={layer} role="menuitem" data-testid={`export-csv-${layer}`} onClick={() => void file('csv', layer)}>{t('exportData.csv', { layer: t(`exportData.layer.${layer}`) })}</button>
          ))}
          {(['schools', 'residences', 'catchments'] as const).map((layer) => (
            <button key={layer} role="menuitem" data-testid={`export-geojson-${layer}`} onClick={() => void file('geojson', layer)}>{t('exportData.geojson', { layer: t(`exportData.layer.${layer}`) })}</button>
          ))}
        </div>
      )}
      {message && <div className="export-menu-message" role="alert" onClick={() => setMessage(null)}>{message}</div>}
    </div>
  );
}
