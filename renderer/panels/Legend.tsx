// The legend: school symbols by type and status, residence colours, catchment and basemap lines.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SCHOOL_TYPES } from '../../shared/model';
import { NO_SEATS_COLOR, SETTLEMENT_COLORS, symbolDataUrl, UTILISATION_CLASSES } from '../map/symbols';
import { useStore } from '../state/store';

export function Legend() {
  const { t } = useTranslation();
  const icons = useMemo(() => Object.fromEntries(SCHOOL_TYPES.map((ty) => [ty, symbolDataUrl(ty, 'open', 22)])), []);
  const planned = useMemo(() => symbolDataUrl('primary', 'planned', 22), []);
  const closed = useMemo(() => symbolDataUrl('primary', 'closed', 22), []);
  const colourBy = useStore((s) => s.colourBy);
  const evaluated = useStore((s) => s.evaluation !== null);
  return (
    <section className="panel legend" data-testid="legend">
      <h2>{t('panel.legend')}</h2>
      <div className="legend-title">{t('legend.schoolTypes')}</div>
      <ul>
        {SCHOOL_TYPES.map((ty) => <li key={ty}><img src={icons[ty]} alt="" /> {t(`schoolType.${ty}`)}</li>)}
        <li><img src={planned} alt="" /> {t('legend.planned')}</li>
        <li><img src={closed} alt="" /> {t('legend.closed')}</li>
      </ul>
      {colourBy === 'utilisation' && evaluated && (
        <>
          <div className="legend-title">{t('legendUtil.title')}</div>
          <ul data-testid="legend-utilisation">
            {UTILISATION_CLASSES.map((c) => <li key={c.key}><span className="swatch" style={{ background: c.color }} /> {t(`legendUtil.${c.key}`)}</li>)}
            <li><span className="swatch" style={{ background: NO_SEATS_COLOR }} /> {t('legendUtil.noSeats')}</li>
          </ul>
        </>
      )}
      <div className="legend-title">{t('legend.residence')}</div>
      <ul>
        <li><span className="dot" style={{ background: SETTLEMENT_COLORS.urban }} /> {t('legend.urban')}</li>
        <li><span className="dot" style={{ background: SETTLEMENT_COLORS.rural }} /> {t('legend.rural')}</li>
        <li><span className="line" style={{ borderColor: '#1e3a8a' }} /> {t('legend.catchmentPrimary')}</li>
        <li><span className="line dashed" style={{ borderColor: '#166534' }} /> {t('legend.catchmentJunior')}</li>
        <li><span className="line thick" style={{ borderColor: '#5b5f66' }} /> {t('legend.county')}</li>
        <li><span className="line dashed" style={{ borderColor: '#8a8f98' }} /> {t('legend.township')}</li>
        <li><span className="line thick" style={{ borderColor: '#7fb0d8' }} /> {t('legend.river')}</li>
        <li><span className="line thick" style={{ borderColor: '#e8a33d' }} /> {t('legend.road')}</li>
      </ul>
    </section>
  );
}
