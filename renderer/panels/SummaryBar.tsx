// The top bar: project name, county-wide counts, language switch and settings.
import { useTranslation } from 'react-i18next';
import { useStore } from '../state/store';
import { changeLocale } from '../state/effects';
import { ImportButton } from './ImportButton';
import { ExportMenu } from './ExportMenu';

export function SummaryBar() {
  const { t, i18n } = useTranslation();
  const data = useStore((s) => s.data);
  const locale = useStore((s) => s.locale);
  const openSettings = useStore((s) => s.openSettings);
  const c = data?.summary.counts;
  const n = (v: number) => v.toLocaleString(i18n.language);
  return (
    <header className="topbar">
      <div className="brand">{t('app.title')}</div>
      <div className="project" data-testid="project-name">{data?.summary.meta.name ?? ''}</div>
      {c && (
        <div className="counts" data-testid="summary-counts">
          <span>{t('summary.schools')} <b>{n(c.schools)}</b></span>
          <span>{t('summary.residences')} <b>{n(c.residences)}</b></span>
          <span>{t('summary.pupils')} <b>{n(Math.round(c.pupils))}</b></span>
          <span>{t('summary.catchments')} <b>{n(c.catchments)}</b></span>
        </div>
      )}
      <div className="spacer" />
      <ImportButton />
      <ExportMenu />
      <button data-testid="language-switch" onClick={() => void changeLocale(locale === 'en' ? 'zh-CN' : 'en')}>{t('lang.switch')}</button>
      <button data-testid="settings-open" onClick={() => openSettings(true)}>{t('settings.open')}</button>
    </header>
  );
}
