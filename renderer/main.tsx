// Renderer entry: language first (saved setting or system), then the app, then the project.
// `?layout=print` opens the print layout instead (renderer/print): one sheet of the map to print.
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans-sc/400.css';
import './styles.css';
import { initI18n, setLocale as setI18nLocale, systemLocale, type Locale } from './i18n';
import { App } from './App';
import { useStore } from './state/store';
import { loadProject, startLocale, watchProject } from './state/effects';
import { watchEvaluation } from './state/evaluation';
import { watchEdits } from './state/edits';
import { isPrintLayout, parsePrintParams } from './print/params';
import { mark } from './timeline';

const LOCALE_KEY = 'schoolnet.locale';

async function start(): Promise<void> {
  mark('script');
  const print = isPrintLayout() ? parsePrintParams(window.location.search) : null;
  if (print) {
    const started = await startLocale();
    const locale = print.lang ?? started.locale;
    initI18n(locale);
    useStore.getState().setLocale(locale);
    if (started.settings) useStore.getState().setSettings(started.settings);
    const [{ PrintLayout }, { loadForPrint }] = await Promise.all([import('./print/PrintLayout'), import('./print/load')]);
    createRoot(document.getElementById('root')!).render(<PrintLayout params={print} />);
    await loadForPrint(print);
    return;
  }
  // The project's data is asked for first (it does not depend on the language), and the window is
  // drawn at once in the language last used here (else the system's): the map starts loading while
  // the saved setting is read, and the language follows it if it differs.
  const loading = loadProject();
  const guess = (localStorage.getItem(LOCALE_KEY) as Locale | null) ?? systemLocale([navigator.language, ...navigator.languages]);
  initI18n(guess);
  useStore.getState().setLocale(guess);
  watchEvaluation();
  createRoot(document.getElementById('root')!).render(<App />);
  mark('render');
  watchProject();
  watchEdits();
  useStore.subscribe((st, prev) => {
    if (st.locale !== prev.locale) localStorage.setItem(LOCALE_KEY, st.locale);
  });
  const started = await startLocale();
  mark('locale');
  if (started.settings) useStore.getState().setSettings(started.settings);
  if (started.locale !== guess) {
    setI18nLocale(started.locale);
    useStore.getState().setLocale(started.locale);
  }
  localStorage.setItem(LOCALE_KEY, started.locale);
  await loading;
}

void start();
