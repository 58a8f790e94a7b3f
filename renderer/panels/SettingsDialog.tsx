// Settings: language and the optional online basemap (off until the planner turns it on).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultSettings, type OnlineBasemap } from '../../shared/model';
import { useStore } from '../state/store';
import { changeLocale, saveSettings } from '../state/effects';

export function SettingsDialog() {
  const { t } = useTranslation();
  const open = useStore((s) => s.settingsOpen);
  const settings = useStore((s) => s.settings);
  const locale = useStore((s) => s.locale);
  const close = () => useStore.getState().openSettings(false);
  const [draft, setDraft] = useState<OnlineBasemap>(settings?.onlineBasemap ?? defaultSettings().onlineBasemap);
  const [error, setError] = useState<string | null>(null);
  if (!open) return null;
  const set = (patch: Partial<OnlineBasemap>) => setDraft((d) => ({ ...d, ...patch }));
  const save = async () => {
    try {
      await saveSettings({ onlineBasemap: draft });
      setError(null);
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog" role="dialog" data-testid="settings-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>{t('settings.title')}</h2>
        <label>{t('settings.language')}
          <select data-testid="settings-language" value={locale} onChange={(e) => void changeLocale(e.target.value as 'zh-CN' | 'en')}>
            <option value="zh-CN">中文（简体）</option>
            <option value="en">English</option>
          </select>
        </label>
        <fieldset>
          <legend>{t('settings.basemap')}</legend>
          <p className="hint">{t('settings.basemapHint')}</p>
          <label className="row"><input type="checkbox" data-testid="basemap-enabled" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('settings.enabled')}</label>
          <label>{t('settings.url')}<input data-testid="basemap-url" value={draft.urlTemplate} onChange={(e) => set({ urlTemplate: e.target.value })} placeholder="https://tile.openstreetmap.org/{z}/{x}/{y}.png" /></label>
          <label>{t('settings.key')}<input value={draft.apiKey ?? ''} onChange={(e) => set({ apiKey: e.target.value || null })} /></label>
          <label>{t('settings.attribution')}<input value={draft.attribution} onChange={(e) => set({ attribution: e.target.value })} /></label>
          <label>{t('settings.maxZoom')}<input type="number" min={1} max={22} value={draft.maxZoom} onChange={(e) => set({ maxZoom: Number(e.target.value) })} /></label>
        </fieldset>
        {error && <p className="error" data-testid="settings-error">{error}</p>}
        <div className="buttons">
          <button onClick={close}>{t('settings.cancel')}</button>
          <button className="primary" data-testid="settings-save" onClick={() => void save()}>{t('settings.save')}</button>
        </div>
      </div>
    </div>
  );
}
