// The county summary: the evaluation's county-wide figures per level with the standards they are
// checked against, the assignment method and travel profile, progress and cancel, and the
// residences in gaps or overlaps by name. Shown in the right column when nothing is selected.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_METHODS, type LevelEvaluation } from '../../shared/engine/types';
import { residencesPending, useStore } from '../state/store';
import { cancelEvaluation, runEvaluation } from '../state/evaluation';

function LevelBlock({ l }: { l: LevelEvaluation }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => Math.round(v).toLocaleString(i18n.language);
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const c = l.county;
  const radius = l.schools[0]?.serviceRadius;
  return (
    <section className="level-block" data-testid={`county-${l.level}`}>
      <h4>{t(`level.${l.level}`)}</h4>
      <table className="kv">
        <tbody>
          <tr><th>{t('evaluation.schools')}</th><td data-testid={`county-${l.level}-schools`}>{n(c.schools)}</td></tr>
          <tr><th>{t('evaluation.pupils')}</th><td data-testid={`county-${l.level}-pupils`}>{n(c.pupils)}</td></tr>
          <tr><th>{t('evaluation.seats')}</th><td data-testid={`county-${l.level}-seats`}>{n(c.seats)}</td></tr>
          <tr><th>{t('evaluation.seatBalance')}</th><td className={c.seatBalance < 0 ? 'bad' : ''}>{n(c.seatBalance)}</td></tr>
          <tr><th>{t('evaluation.seatGap')}</th><td className={c.seatGap > 0 ? 'bad' : ''} data-testid={`county-${l.level}-seatGap`}>{n(c.seatGap)}</td></tr>
          <tr><th>{t('evaluation.overCapacity')}</th><td className={c.overCapacitySchools > 0 ? 'bad' : ''} data-testid={`county-${l.level}-overCapacity`}>{n(c.overCapacitySchools)}</td></tr>
          <tr><th>{t('evaluation.classesAbove')}</th><td>{n(c.classesAboveStandard)}</td></tr>
          <tr><th>{t('evaluation.oversized')}</th><td className={c.oversizedClasses > 0 ? 'bad' : ''}>{n(c.oversizedClasses)}</td></tr>
          <tr><th>{t('evaluation.extraLarge')}</th><td className={c.extraLargeClasses > 0 ? 'bad' : ''}>{n(c.extraLargeClasses)}</td></tr>
          <tr><th>{t('evaluation.withinRadius')}</th><td data-testid={`county-${l.level}-withinRadius`}>{pct(c.shareWithinRadius)} <small>{radius ? t('evaluation.radiusStandard', { radius }) : ''}</small></td></tr>
          <tr><th>{t('evaluation.gaps')}</th><td className={c.gapPupils > 0 ? 'bad' : ''}>{n(c.gapPupils)}</td></tr>
          <tr><th>{t('evaluation.overlaps')}</th><td className={c.overlapPupils > 0 ? 'bad' : ''}>{n(c.overlapPupils)}</td></tr>
          {l.method === 'capacity' && <tr><th>{t('evaluation.unseated')}</th><td className={c.unseatedPupils > 0 ? 'bad' : ''}>{n(c.unseatedPupils)}</td></tr>}
        </tbody>
      </table>
      <div className="cv-title">{t('evaluation.cvTitle')} <small>{t('evaluation.cvLimit', { limit: c.maxCv.toFixed(2) })}</small></div>
      {c.cv.length === 0 ? <p className="hint">{t('evaluation.noCv')}</p> : (
        <table className="grades" data-testid={`county-${l.level}-cv`}>
          <tbody>
            {c.cv.map((x) => (
              <tr key={x.indicator}><td>{t(`evaluation.cv.${x.indicator}`)}</td><td>{x.cv.toFixed(3)}</td><td className={x.pass ? 'good' : 'bad'}>{x.pass ? t('evaluation.pass') : t('evaluation.fail')}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {l.gaps.length > 0 && <details><summary>{t('evaluation.gapList')} ({l.gaps.length})</summary><ul className="names">{l.gaps.map((g) => <li key={g.residenceId}>{g.name} · {n(g.pupils)}</li>)}</ul></details>}
      {l.overlaps.length > 0 && <details><summary>{t('evaluation.overlapList')} ({l.overlaps.length})</summary><ul className="names">{l.overlaps.map((g) => <li key={g.residenceId}>{g.name} · {n(g.pupils)}</li>)}</ul></details>}
    </section>
  );
}

/**
 * Tells tests and the benchmark when a new evaluation's figures are on screen: after React has
 * committed them, at the next frame (event `schoolnet:indicators-shown`, detail.at = performance.now()).
 */
export function useIndicatorsShownSignal(): void {
  const ev = useStore((s) => s.evaluation);
  useEffect(() => {
    if (!ev) return;
    const id = requestAnimationFrame(() => window.dispatchEvent(new CustomEvent('schoolnet:indicators-shown', { detail: { at: performance.now() } })));
    return () => cancelAnimationFrame(id);
  }, [ev]);
}

export function CountyPanel() {
  const { t } = useTranslation();
  const ev = useStore((s) => s.evaluation);
  const status = useStore((s) => s.evaluationStatus);
  const error = useStore((s) => s.evaluationError);
  const progress = useStore((s) => s.progress);
  const ms = useStore((s) => s.evaluationMs);
  const method = useStore((s) => s.method);
  const profile = useStore((s) => s.profile);
  const colourBy = useStore((s) => s.colourBy);
  const pendingUnits = useStore((s) => (residencesPending(s.data) ? s.data!.summary.counts.residences : 0));
  const { setMethod, setProfile, setColourBy } = useStore.getState();
  return (
    <div className="county-panel" data-testid="county-panel">
      <h3>{t('evaluation.title')}</h3>
      <div className="controls">
        <label>{t('evaluation.method')}{' '}
          <select data-testid="evaluation-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            {ASSIGNMENT_METHODS.map((m) => <option key={m} value={m}>{t(`evaluation.methods.${m}`)}</option>)}
          </select>
        </label>
        <label>{t('evaluation.profile')}{' '}
          <select data-testid="evaluation-profile" value={profile} onChange={(e) => setProfile(e.target.value as typeof profile)}>
            <option value="walking">{t('evaluation.profiles.walking')}</option>
            <option value="driving">{t('evaluation.profiles.driving')}</option>
          </select>
        </label>
        <label>{t('evaluation.colourBy')}{' '}
          <select data-testid="colour-by" value={colourBy} onChange={(e) => setColourBy(e.target.value as typeof colourBy)}>
            <option value="utilisation">{t('evaluation.colourUtilisation')}</option>
            <option value="school">{t('evaluation.colourSchool')}</option>
          </select>
        </label>
      </div>
      <div className="status" data-testid="evaluation-status" data-status={status}>
        {status === 'running' && <>{t('evaluation.running')} {progress ? `${t(`evaluation.stage.${progress.stage}`, { defaultValue: progress.stage })} ${progress.done}/${progress.total}` : ''} <button data-testid="evaluation-cancel" onClick={() => cancelEvaluation()}>{t('evaluation.cancel')}</button></>}
        {status === 'done' && ms !== null && <small>{t('evaluation.took', { ms: Math.round(ms) })}</small>}
        {status === 'cancelled' && <>{t('evaluation.cancelled')} <button onClick={() => void runEvaluation()}>{t('evaluation.recompute')}</button></>}
        {status === 'error' && <span className="bad">{t('evaluation.error')}: {error}</span>}
        {status === 'idle' && <small>{pendingUnits > 0 ? t('evaluation.loadingUnits', { n: pendingUnits.toLocaleString() }) : t('evaluation.notYet')}</small>}
      </div>
      {ev?.levels.map((l) => <LevelBlock key={l.level} l={l} />)}
      {ev && ev.problems.length > 0 && (
        <details data-testid="evaluation-problems"><summary className="bad">{t('evaluation.problems')} ({ev.problems.length})</summary>
          <ul className="names">{ev.problems.map((p, k) => <li key={k}>{p.name}: {p.message}</li>)}</ul>
        </details>
      )}
    </div>
  );
}
