// The import button of the top bar; the wizard itself (file readers' helpers, coordinate systems,
// its own map) is loaded the first time it is opened, not with the app.
import { lazy, Suspense } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { openImport, useImport } from '../state/import';

const ImportWizard = lazy(() => import('./ImportWizard').then((m) => ({ default: m.ImportWizard })));

export function ImportButton() {
  const { t } = useTranslation();
  const open = useImport((s) => s.open);
  return (
    <>
      <button data-testid="import-open" onClick={() => openImport(true)}>{t('import.open')}</button>
      {open && createPortal(<Suspense fallback={<div className="dialog-backdrop"><div className="dialog">{t('app.loading')}</div></div>}><ImportWizard /></Suspense>, document.body)}
    </>
  );
}
