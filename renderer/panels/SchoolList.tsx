// The list of schools: search by name or pinyin, sort by name, type or enrolment, click to inspect.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enrolment, SCHOOL_TYPES, type School } from '../../shared/model';
import { useStore } from '../state/store';
import { symbolDataUrl } from '../map/symbols';

type Sort = 'name' | 'type' | 'enrolment';
const NO_SCHOOLS: School[] = [];

export function SchoolList() {
  const { t, i18n } = useTranslation();
  const schools = useStore((s) => s.data?.schools ?? NO_SCHOOLS);
  const selection = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('enrolment');
  const icons = useMemo(() => new Map([...new Set(schools.map((s) => `${s.type}|${s.status}`))].map((k) => {
    const [type, status] = k.split('|') as [School['type'], School['status']];
    return [`${type}-${status}`, symbolDataUrl(type, status, 20)];
  })), [schools]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase().replace(/\s+/g, '');
    const hit = schools.filter((s) => !needle || s.name.includes(q.trim()) || (s.namePinyin ?? '').toLowerCase().replace(/\s+/g, '').includes(needle) || s.id.includes(needle));
    const by: Record<Sort, (a: typeof hit[number], b: typeof hit[number]) => number> = {
      name: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      type: (a, b) => SCHOOL_TYPES.indexOf(a.type) - SCHOOL_TYPES.indexOf(b.type) || enrolment(b) - enrolment(a),
      enrolment: (a, b) => enrolment(b) - enrolment(a),
    };
    return [...hit].sort(by[sort]);
  }, [schools, q, sort]);
  return (
    <section className="panel school-list" data-testid="school-list">
      <h2>{t('panel.schools')} <small>{t('panel.count', { count: rows.length })}</small></h2>
      <input data-testid="school-search" type="search" placeholder={t('panel.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="sort">
        {(['enrolment', 'name', 'type'] as Sort[]).map((k) => (
          <button key={k} className={sort === k ? 'on' : ''} onClick={() => setSort(k)}>{t(`panel.sort${k[0].toUpperCase()}${k.slice(1)}`)}</button>
        ))}
      </div>
      <ul>
        {rows.map((s) => (
          <li key={s.id} data-testid={`school-item-${s.id}`} className={selection?.kind === 'school' && selection.id === s.id ? 'selected' : ''} onClick={() => select({ kind: 'school', id: s.id }, true)}>
            <img src={icons.get(`${s.type}-${s.status}`)} alt="" />
            <span className="name">{s.name}{i18n.language === 'en' && s.namePinyin ? <em> {s.namePinyin}</em> : null}</span>
            <span className="num">{enrolment(s).toLocaleString(i18n.language)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
