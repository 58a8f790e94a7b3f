// Cross-slice effects in one place: loading the project through the API, reloading when the
// backend says the project changed, and keeping i18n and the saved settings in step with the locale.
import { api } from '../api';
import { setLocale as setI18nLocale, systemLocale, type Locale } from '../i18n';
import { useStore } from './store';
import { resetEdits } from './edits';
import { mark } from '../timeline';
import { afterFirstPicture } from './first-picture';
import { prepareResidenceLayer } from '../map/residence-layer';
import { LARGE_PROJECT_RESIDENCES } from '../../shared/io/residence-columns';
import type { AppSettings } from '../../shared/model';

export async function loadProject(): Promise<void> {
  const s = useStore.getState();
  try {
    mark('load project');
    // Everything is asked for at once, the summary first (the backend answers in order); only the
    // residences wait for it: a large project's come as one column block, not a million records.
    // Such a project is shown without that block: the map asks the backend for what each view
    // shows until it has arrived, and it is asked for after the first picture (it is what the
    // evaluation needs, and on two cores its 50 MB would otherwise hold up that picture).
    const summaryCall = api.call('project.summary');
    const rest = Promise.all([api.call('schools.list', {}), api.call('catchments.list', {}), api.call('context.list'), api.call('roads.list', {}), api.call('standards.get')]);
    const summary = await summaryCall;
    mark('summary');
    const large = summary.counts.residences > LARGE_PROJECT_RESIDENCES;
    const blockCall = large ? afterFirstPicture().then(() => api.call('residences.columns')) : null;
    const [residences, [schools, catchments, context, roads, standards]] = await Promise.all([large ? Promise.resolve([]) : api.call('residences.list', {}), rest]);
    mark('project data');
    resetEdits(catchments);
    s.setData({ summary, schools, residences, residenceBlock: null, catchments, context, roads, standards });
    mark('store set');
    if (!blockCall) return;
    let block: Uint8Array;
    try {
      block = await blockCall;
    } catch (e) {
      // The project stays on screen; only its figures are missing, and the panel says why.
      if (useStore.getState().data?.summary === summary) useStore.getState().setEvaluation({ evaluationStatus: 'error', evaluationError: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (useStore.getState().data?.summary !== summary) return; // another project, or a reload, since
    mark('residence block');
    prepareResidenceLayer(block);
    useStore.getState().setResidenceBlock(block, summary);
  } catch (e) {
    s.setError(e instanceof Error ? e.message : String(e));
  }
}

/** The starting language: the saved setting, else the system (Electron's locale or the browser's). */
export async function startLocale(): Promise<{ locale: Locale; settings: AppSettings | null }> {
  try {
    const [settings, info] = await Promise.all([api.call('settings.get'), api.call('app.info')]);
    return { locale: settings.locale ?? systemLocale([info.host === 'electron' ? info.systemLocale : navigator.language, ...navigator.languages]), settings };
  } catch {
    return { locale: systemLocale([navigator.language]), settings: null };
  }
}

export async function changeLocale(locale: Locale): Promise<void> {
  setI18nLocale(locale);
  useStore.getState().setLocale(locale);
  const settings = await api.call('settings.update', { locale });
  useStore.getState().setSettings(settings);
}

export async function saveSettings(patch: Partial<AppSettings>): Promise<void> {
  const settings = await api.call('settings.update', patch);
  useStore.getState().setSettings(settings);
}

export function watchProject(): () => void {
  return api.on('project.changed', () => void loadProject());
}
