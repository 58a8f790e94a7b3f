// A school's planning indicators from the current evaluation, level by level: pupils assigned,
// seats and utilisation, classes needed, distances (straight and by road) and the service radius.
import { useTranslation } from 'react-i18next';
import type { DistanceStats } from '../../shared/engine/types';
import { useStore } from '../state/store';

export function SchoolIndicators({ schoolId }: { schoolId: string }) {
  const { t, i18n } = useTranslation();
  const ev = useStore((s) => s.evaluation);
  if (!ev) return null;
  const n = (v: number) => Math.round(v).toLocaleString(i18n.language);
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const km = (d: DistanceStats | null) => (d ? `${(d.mean / 1000).toFixed(2)} / ${(d.median / 1000).toFixed(2)} / ${(d.p90 / 1000).toFixed(2)} / ${(d.max / 1000).toFixed(2)}` : '—');
  const mins = (d: DistanceStats | null) => (d ? `${d.mean.toFixed(0)} / ${d.median.toFixed(0)} / ${d.p90.toFixed(0)} / ${d.max.toFixed(0)}` : '—');
  const rows = ev.levels.flatMap((l) => l.schools.filter((s) => s.schoolId === schoolId));
  if (rows.length === 0) return null;
  const catchmentOf = (level: string) => ev.levels.find((l) => l.level === level)?.catchments.filter((c) => c.schoolId === schoolId) ?? [];
  return (
    <div data-testid="inspector-indicators">
      {rows.map((r) => (
        <div key={r.level}>
          <h4>{t('evaluation.indicators')} · {t(`level.${r.level}`)}</h4>
          <table className="kv">
            <tbody>
              <tr><th>{t('evaluation.assigned')}</th><td data-testid={`indicator-${r.level}-pupils`}>{n(r.pupils)} <small>({t('evaluation.residences')} {n(r.residences)})</small></td></tr>
              <tr><th>{t('evaluation.seats')}</th><td>{n(r.seats)}</td></tr>
              <tr><th>{t('inspector.utilisation')}</th><td className={r.overCapacity ? 'bad' : ''} data-testid={`indicator-${r.level}-utilisation`}>{pct(r.utilisation)}</td></tr>
              <tr><th>{t('evaluation.surplus')}</th><td className={r.surplus < 0 ? 'bad' : ''}>{n(r.surplus)}</td></tr>
              <tr><th>{t('evaluation.classesNeeded')}</th><td>{n(r.classesNeeded)} <small>({t('inspector.classes')} {n(r.classes)}, {r.standardClassSize})</small></td></tr>
              <tr><th>{t('evaluation.oversized')}</th><td className={r.oversizedClasses > 0 ? 'bad' : ''}>{n(r.oversizedClasses)}</td></tr>
              <tr><th>{t('evaluation.distance')} · {t('evaluation.straight')} <small>{t('evaluation.mean')}/{t('evaluation.median')}/{t('evaluation.p90')}/{t('evaluation.max')} {t('evaluation.km')}</small></th><td>{km(r.straight)}</td></tr>
              {r.network && <tr><th>{t('evaluation.distance')} · {t('evaluation.network')} <small>{t('evaluation.km')}</small></th><td>{km(r.network)}</td></tr>}
              {r.networkMinutes && <tr><th>{t('evaluation.minutes')} <small>{t('evaluation.min')}</small></th><td>{mins(r.networkMinutes)}</td></tr>}
              <tr><th>{t('evaluation.withinRadius')} <small>{r.serviceRadius} m</small></th><td>{pct(r.shareWithinRadius)}</td></tr>
              {r.walkingLimit !== null && <tr><th>{t('evaluation.beyondWalking', { limit: r.walkingLimit })}</th><td>{n(r.pupilsBeyondWalkingLimit)}</td></tr>}
              {catchmentOf(r.level).map((c) => (
                <tr key={c.catchmentId} data-testid={`catchment-${r.level}`}>
                  <th>{t('evaluation.catchment')}</th>
                  <td>
                    {c.areaKm2 !== null && <>{c.areaKm2.toFixed(2)} {t('evaluation.km2')} · </>}
                    {c.parts !== null && <span className={c.parts > 1 ? 'bad' : ''}>{t('evaluation.parts', { count: c.parts })}</span>}
                    {c.polsbyPopper !== null && <> · {t('evaluation.compactness')} {c.polsbyPopper.toFixed(2)}</>}
                    {c.schoolOutside && <div className="bad">{t('evaluation.schoolOutside')}</div>}
                    {c.overlaps.map((o) => <div key={o.catchmentId} className="bad">{t('evaluation.overlapWith', { name: ev.levels.flatMap((l) => l.schools).find((x) => x.schoolId === o.schoolId)?.name ?? o.schoolId, residences: o.residences })}{o.areaKm2 !== null ? ` · ${o.areaKm2.toFixed(3)} ${t('evaluation.km2')}` : ''}</div>)}
                    {c.problems.filter((p) => !p.startsWith('split')).map((p) => <div key={p} className="bad">{p}</div>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
