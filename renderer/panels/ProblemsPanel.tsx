// The problems of the level being edited, listed (the map marks them too): schools over capacity,
// residence units in no catchment or in several, catchments in several parts, schools outside
// their own catchment. A click flies to the place.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { levelProblems } from '../map/features';
import { useStore } from '../state/store';

const SHOWN = 60;

export function ProblemsPanel() {
  const { t } = useTranslation();
  const evaluation = useStore((s) => s.evaluation);
  const data = useStore((s) => s.data);
  const level = useStore((s) => s.editLevel);
  const problems = useMemo(() => (data ? levelProblems(evaluation, level, data) : []), [evaluation, level, data]);
  if (!evaluation || !data) return null;
  const order = { overCapacity: 0, schoolOutside: 1, parts: 2, overlap: 3, gap: 4 } as const;
  const sorted = [...problems].sort((a, b) => order[a.kind] - order[b.kind]);
  return (
    <div className="panel problems" data-testid="problems-panel">
      <h2>{t('problems.title')} <small data-testid="problems-count">{problems.length}</small></h2>
      {problems.length === 0 ? <p className="hint">{t('problems.none', { level: t(`level.${level}`) })}</p> : (
        <ul>
          {sorted.slice(0, SHOWN).map((p) => (
            <li key={`${p.kind}:${p.id}`} className={`problem ${p.kind}`} data-testid={`problem-${p.kind}`} onClick={() => {
              if (p.kind === 'overCapacity') useStore.getState().select({ kind: 'school', id: p.id }, true);
              else if (p.at) useStore.setState((s) => ({ flyTo: { lon: p.at![0], lat: p.at![1], seq: (s.flyTo?.seq ?? 0) + 1 } }));
              if (p.kind === 'parts' || p.kind === 'schoolOutside') useStore.getState().selectCatchment(p.id);
            }}>{t(`problems.${p.kind}`, p.params)}</li>
          ))}
          {sorted.length > SHOWN && <li className="hint">{t('problems.more', { count: sorted.length - SHOWN })}</li>}
        </ul>
      )}
    </div>
  );
}
