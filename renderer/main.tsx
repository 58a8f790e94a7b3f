// Renderer entry: language first (saved setting or system), then the app, then the project.
// `?layout=print` opens the print layout instead (renderer/print): one sheet of the map to print.
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans-sc/400.css';
import './styles.css';
import { initI18n } from './i18n';
import { App } from './App';
import { useStore } from './state/store';
import { loadProject, startLocale, watchProject } from './state/effects';
import { watchEvaluation } from './state/evaluation';
import { watchEdits } from './state/edits';
import { isPrintLayout, parsePrintParams } from './print/params';
import { mark } from './timeline';

async function start(): Promise<void> {
  mark('script');
  const print = isPrintLayout() ? parsePrintParams(window.location.search) : null;
  // The project's data is asked for first (it does not depend on the language), before the first
  // render, whose text makes the browser fetch font files over the same few connections.
  const loading = print ? null : loadProject();
  const started = await startLocale();
  const locale = print?.lang ?? started.locale;
  initI18n(locale);
  useStore.getState().setLocale(locale);
  if (started.settings) useStore.getState().setSettings(started.settings);
  if (print) {
    const [{ PrintLayout }, { loadForPrint }] = await Promise.all([import('./print/PrintLayout'), import('./print/load')]);
    createRoot(document.getElementById('root')!).render(<PrintLayout params={print} />);
    await loadForPrint(print);
    return;
  }
  mark('locale');
  watchEvaluation();
  createRoot(document.getElementById('root')!).render(<App />);
  watchProject();
  watchEdits();
  await loading;
}

void start();
