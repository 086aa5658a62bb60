import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/form/Dialog';
import { useNavigation } from '../stores/navigation';
import { useUnsaved } from '../stores/unsaved';

/** Asked when the page is left with unsaved sections: which ones, stay or leave without saving. */
export function UnsavedChangesDialog() {
  const { t } = useTranslation('shell');
  const pending = useNavigation((s) => s.pending);
  const { stay, leave } = useNavigation.getState();
  const sections = useUnsaved((s) => s.sections);
  if (pending === null) return null;
  return (
    <Dialog title={t('unsaved.title')} onClose={stay}>
      <p>{t('unsaved.body', { sections: Object.values(sections).join(t('listSeparator')) })}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={stay}>
          {t('unsaved.stay')}
        </button>
        <button type="button" onClick={leave}>
          {t('unsaved.leave')}
        </button>
      </div>
    </Dialog>
  );
}
