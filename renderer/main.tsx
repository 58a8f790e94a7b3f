// Renderer entry: language first (saved setting or system), then the app, then the project.
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans-sc/400.css';
import './styles.css';
import { initI18n } from './i18n';
import { App } from './App';
import { useStore } from './state/store';
import { loadProject, startLocale, watchProject } from './state/effects';
import { watchEvaluation } from './state/evaluation';

async function start(): Promise<void> {
  const { locale, settings } = await startLocale();
  initI18n(locale);
  useStore.getState().setLocale(locale);
  if (settings) useStore.getState().setSettings(settings);
  createRoot(document.getElementById('root')!).render(<App />);
  watchProject();
  watchEvaluation();
  await loadProject();
}

void start();
