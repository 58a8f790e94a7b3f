// The inspector: every attribute of the selected school or residence unit, with derived figures
// (capacity, utilisation, class sizes) from shared/model so every view agrees.
import { useTranslation } from 'react-i18next';
import { capacity, classSizes, enrolment, levelsServed, pupils, standardClassSize, type Residence, type School, type StandardsProfile, type Catchment } from '../../shared/model';
import { useStore } from '../state/store';
import { CountyPanel } from './CountyPanel';
import { SchoolIndicators } from './SchoolIndicators';

function Row({ k, v }: { k: string; v: React.ReactNode }) {
  return <tr><th>{k}</th><td>{v ?? '—'}</td></tr>;
}

function SchoolView({ s, standards }: { s: School; standards: StandardsProfile }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString(i18n.language));
  const seats = capacity(s, standards);
  const sizes = new Map(classSizes(s).map((c) => [c.grade, c]));
  const over = (size: number) => (size >= 66 ? 'extraLarge' : size >= 56 ? 'oversized' : null);
  const ev = useStore((st) => st.evaluation);
  const evRows = ev?.levels.flatMap((l) => l.schools.filter((x) => x.schoolId === s.id)) ?? [];
  const assigned = (i: number) => evRows.reduce((a, r) => a + r.pupilsByGrade[i], 0);
  return (
    <>
      <h3 data-testid="inspector-name">{s.name}</h3>
      {s.namePinyin && <div className="pinyin">{s.namePinyin}</div>}
      <table className="kv">
        <tbody>
          <Row k={t('inspector.code')} v={s.id} />
          <Row k={t('inspector.type')} v={t(`schoolType.${s.type}`)} />
          <Row k={t('inspector.status')} v={t(`status.${s.status}`)} />
          <Row k={t('inspector.township')} v={s.township} />
          <Row k={t('inspector.address')} v={s.address} />
          <Row k={t('inspector.enrolment')} v={n(enrolment(s))} />
          {seats.map((c) => {
            const e = enrolment(s, c.level);
            return (
              <Row key={c.level} k={`${t('inspector.capacity')} · ${t(`level.${c.level}`)}`} v={
                <span>{n(c.seats)} <small>({c.stated ? t('inspector.capacityStated') : t('inspector.capacityDerived', { size: standardClassSize(standards, c.level, s.type === 'teaching_point') })})</small>
                  {c.seats > 0 && <b className={e > c.seats ? 'bad' : ''}> · {t('inspector.enrolledUtilisation')} {Math.round((100 * e) / c.seats)}%</b>}</span>
              } />
            );
          })}
          <Row k={t('inspector.staff')} v={n(s.staff)} />
          <Row k={t('inspector.teachers')} v={n(s.teachers)} />
          <Row k={t('inspector.floorArea')} v={s.floorAreaM2 === null ? null : `${n(s.floorAreaM2)} ${t('inspector.m2')}`} />
          <Row k={t('inspector.siteArea')} v={s.siteAreaM2 === null ? null : `${n(s.siteAreaM2)} ${t('inspector.m2')}`} />
          <Row k={t('inspector.alliance')} v={s.alliance ?? t('inspector.none')} />
          <Row k={t('inspector.boarding')} v={s.boarding ? t('inspector.yes') : t('inspector.no')} />
        </tbody>
      </table>
      <SchoolIndicators schoolId={s.id} />
      <h4>{t('inspector.byGrade')}</h4>
      <table className="grades" data-testid="inspector-grades">
        <thead><tr><th>{t('inspector.grade')}</th><th>{t('inspector.pupils')}</th>{ev && <th>{t('evaluation.assignedCol')}</th>}<th>{t('inspector.classes')}</th><th>{t('inspector.classSize')}</th></tr></thead>
        <tbody>
          {s.enrolmentByGrade.map((e, i) => {
            const level = i < 6 ? 'primary' : i < 9 ? 'junior' : 'senior';
            if (!levelsServed(s).includes(level) && e === 0) return null;
            const c = sizes.get(i + 1);
            const flag = c ? over(c.size) : null;
            return (
              <tr key={i}>
                <td>{t(`grade.${i + 1}`)}</td><td>{n(e)}</td>{ev && <td>{n(Math.round(assigned(i)))}</td>}<td>{n(s.classesByGrade[i])}</td>
                <td className={flag ? 'bad' : ''}>{c ? c.size.toFixed(1) : '—'}{flag ? ` · ${t(`inspector.${flag}`)}` : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function ResidenceView({ r, catchments, schools }: { r: Residence; catchments: Catchment[]; schools: School[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) => (v === null ? '—' : Math.round(v).toLocaleString(i18n.language));
  const member = catchments.filter((c) => c.form === 'units' && c.unitIds.includes(r.id));
  const name = (id: string) => schools.find((s) => s.id === id)?.name ?? id;
  const ev = useStore((st) => st.evaluation);
  const assignedRows = (ev?.levels ?? []).map((l) => ({
    level: l.level,
    school: ev?.assignment[l.level]?.[r.id] ?? null,
    gap: l.gaps.some((g) => g.residenceId === r.id),
    overlap: l.overlaps.find((o) => o.residenceId === r.id) ?? null,
  }));
  return (
    <>
      <h3 data-testid="inspector-name">{r.name}</h3>
      {r.namePinyin && <div className="pinyin">{r.namePinyin}</div>}
      <table className="kv">
        <tbody>
          <Row k={t('inspector.kind')} v={t(`residenceKind.${r.kind}`)} />
          <Row k={t('inspector.settlement')} v={t(`settlement.${r.settlement}`)} />
          <Row k={t('inspector.township')} v={r.township} />
          <Row k={t('inspector.households')} v={n(r.households)} />
          <Row k={t('inspector.population')} v={n(r.population)} />
          <Row k={t('inspector.pupils')} v={n(pupils(r))} />
          {member.map((c) => <Row key={c.id} k={`${t('inspector.catchment')} · ${t(`level.${c.level}`)}`} v={name(c.schoolId)} />)}
          {assignedRows.map((a) => (
            <Row key={a.level} k={`${t('evaluation.assignedTo')} · ${t(`level.${a.level}`)}`} v={
              <span data-testid={`assigned-${a.level}`}>{a.school ? name(a.school) : '—'}
                {a.gap && <div className="bad">{t('evaluation.inGap')}</div>}
                {a.overlap && <div className="bad">{t('evaluation.inOverlap')}: {a.overlap.schoolIds.map(name).join(' / ')}</div>}
              </span>
            } />
          ))}
        </tbody>
      </table>
      <h4>{t('inspector.byGrade')}</h4>
      <table className="grades">
        <thead><tr><th>{t('inspector.grade')}</th><th>{t('inspector.pupils')}</th></tr></thead>
        <tbody>{r.pupilsByGrade.map((p, i) => <tr key={i}><td>{t(`grade.${i + 1}`)}</td><td>{n(p)}</td></tr>)}</tbody>
      </table>
    </>
  );
}

export function Inspector() {
  const { t } = useTranslation();
  const data = useStore((s) => s.data);
  const selection = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  const school = selection?.kind === 'school' ? data?.schools.find((s) => s.id === selection.id) : undefined;
  const residence = selection?.kind === 'residence' ? data?.residences.find((r) => r.id === selection.id) : undefined;
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="inspector-head"><h2>{t('inspector.title')}</h2>{selection && <button onClick={() => select(null)} aria-label={t('inspector.close')}>×</button>}</div>
      {school && data && <SchoolView s={school} standards={data.standards} />}
      {residence && data && <ResidenceView r={residence} catchments={data.catchments} schools={data.schools} />}
      {!school && !residence && <p className="hint">{t('inspector.empty')}</p>}
      {!school && !residence && <CountyPanel />}
    </aside>
  );
}
