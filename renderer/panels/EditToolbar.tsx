// The catchment editing bar over the map: the level being edited, the tools (with a hint for the
// one in use), the school new catchments or painted units go to, automatic generation, and undo /
// redo of the file's edit log (also Ctrl+Z / Ctrl+Shift+Z).
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SCHOOL_TYPE_LEVELS, type Level } from '../../shared/model';
import { EDIT_TOOLS, largeProject, useStore, type EditTool } from '../state/store';
import { generate, redo, undo } from '../state/edits';

const NEEDS_SCHOOL: EditTool[] = ['draw', 'split', 'paint', 'lasso'];

export function EditToolbar() {
  const { t } = useTranslation();
  const tool = useStore((s) => s.tool);
  const level = useStore((s) => s.editLevel);
  const target = useStore((s) => s.targetSchool);
  const history = useStore((s) => s.history);
  const notice = useStore((s) => s.editNotice);
  const inFlight = useStore((s) => s.editsInFlight);
  const schools = useStore((s) => s.data?.schools);
  const selected = useStore((s) => s.selectedCatchment);
  // A large project's units live in workers, not on this thread: zone it by lines, not by painting units.
  const large = useStore((s) => largeProject(s.data));
  const st = useStore.getState();
  const [method, setMethod] = useState<'nearest' | 'network' | 'capacity'>('nearest');
  const [generating, setGenerating] = useState(false);

  const choices = useMemo(() => (schools ?? [])
    .filter((s) => s.status !== 'closed' && SCHOOL_TYPE_LEVELS[s.type].includes(level))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')), [schools, level]);

  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        void redo();
      }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, []);

  const runGenerate = async () => {
    setGenerating(true);
    try {
      await generate(method);
    } finally {
      setGenerating(false);
    }
  };

  return (
    <div className="edit-bar" data-testid="edit-bar">
      <div className="edit-row">
        <select aria-label={t('edit.level')} data-testid="edit-level" value={level} onChange={(e) => st.setEditLevel(e.target.value as Level)}>
          {(['primary', 'junior'] as const).map((l) => <option key={l} value={l}>{t(`level.${l}`)}</option>)}
        </select>
        <div className="tools" role="toolbar">
          {EDIT_TOOLS.map((k) => (
            <button key={k} type="button" className={tool === k ? 'on' : ''} data-testid={`tool-${k}`} title={large && (k === 'paint' || k === 'lasso') ? t('edit.largeNoPaint') : t(`edit.hint.${k}`)} disabled={large && (k === 'paint' || k === 'lasso')} aria-pressed={tool === k} onClick={() => st.setTool(k)}>
              {t(`edit.tool.${k}`)}
            </button>
          ))}
        </div>
        <button type="button" data-testid="edit-undo" disabled={!history?.canUndo} title={t('edit.undoKey')} onClick={() => void undo()}>↶ {t('edit.undo')}{history?.done ? ` (${history.done})` : ''}</button>
        <button type="button" data-testid="edit-redo" disabled={!history?.canRedo} title={t('edit.redoKey')} onClick={() => void redo()}>↷ {t('edit.redo')}{history?.undone ? ` (${history.undone})` : ''}</button>
        <span className="saved" data-testid="edit-saved">{inFlight > 0 ? t('edit.saving') : history && history.done + history.undone > 0 ? t('edit.saved') : ''}</span>
      </div>
      <div className="edit-row">
        {NEEDS_SCHOOL.includes(tool) && (
          <label>
            {t(tool === 'split' ? 'edit.giveTo' : tool === 'draw' ? 'edit.forSchool' : 'edit.paintTo')}{' '}
            <select data-testid="edit-target" value={target ?? ''} onChange={(e) => st.setTargetSchool(e.target.value || null)}>
              <option value="">{tool === 'draw' ? t('edit.chooseSchool') : t('edit.nobody')}</option>
              {choices.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </label>
        )}
        {tool === 'inspect' && (
          <span className="generate">
            <select aria-label={t('edit.generateMethod')} data-testid="generate-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              {(['nearest', 'network', 'capacity'] as const).map((m) => <option key={m} value={m}>{t(`edit.generateMethods.${m}`)}</option>)}
            </select>
            <button type="button" data-testid="generate" disabled={generating} onClick={() => void runGenerate()}>{generating ? t('edit.generating') : t('edit.generate', { level: t(`level.${level}`) })}</button>
          </span>
        )}
        <span className="hint" data-testid="edit-hint">{t(`edit.hint.${tool}`)}{selected && (tool === 'reshape' || tool === 'split') ? ` — ${t('edit.selected', { name: choices.find((s) => selected.endsWith(`:${s.id}`))?.name ?? selected })}` : ''}</span>
      </div>
      {notice && <div className={`edit-notice ${notice.kind}`} data-testid="edit-notice" role={notice.kind === 'error' ? 'alert' : 'status'}>{notice.text}</div>}
    </div>
  );
}
