// The window layout: top bar; left column (school list, layers, legend); map; inspector.
import { useTranslation } from 'react-i18next';
import { MapView } from './map/MapView';
import { SummaryBar } from './panels/SummaryBar';
import { SchoolList } from './panels/SchoolList';
import { LayerPanel } from './panels/LayerPanel';
import { Legend } from './panels/Legend';
import { Inspector } from './panels/Inspector';
import { SettingsDialog } from './panels/SettingsDialog';
import { EditToolbar } from './panels/EditToolbar';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { useIndicatorsShownSignal } from './panels/CountyPanel';
import { useStore } from './state/store';

export function App() {
  const { t } = useTranslation();
  const status = useStore((s) => s.status);
  const error = useStore((s) => s.error);
  useIndicatorsShownSignal();
  return (
    <div className="app">
      <SummaryBar />
      <div className="body">
        <div className="left">
          <SchoolList />
          <ProblemsPanel />
          <LayerPanel />
          <Legend />
        </div>
        <main className="centre">
          <MapView />
          {status === 'ready' && <EditToolbar />}
          {status === 'loading' && <div className="overlay">{t('app.loading')}</div>}
          {status === 'error' && <div className="overlay error" data-testid="app-error">{t('app.error')}: {error}</div>}
        </main>
        <Inspector />
      </div>
      <SettingsDialog />
    </div>
  );
}
