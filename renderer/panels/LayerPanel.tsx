// Layer toggles.
import { useTranslation } from 'react-i18next';
import { LAYERS, useStore } from '../state/store';

export function LayerPanel() {
  const { t } = useTranslation();
  const layers = useStore((s) => s.layers);
  const toggle = useStore((s) => s.toggleLayer);
  const online = useStore((s) => s.settings?.onlineBasemap.enabled ?? false);
  return (
    <section className="panel layers" data-testid="layer-panel">
      <h2>{t('panel.layers')}</h2>
      {LAYERS.filter((l) => l !== 'onlineBasemap' || online).map((l) => (
        <label key={l}>
          <input type="checkbox" data-testid={`layer-toggle-${l}`} checked={layers[l]} onChange={() => toggle(l)} /> {t(`layers.${l}`)}
        </label>
      ))}
    </section>
  );
}
