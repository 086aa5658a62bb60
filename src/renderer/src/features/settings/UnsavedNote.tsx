import { useTranslation } from 'react-i18next';
import { useOtherUnsaved } from '../../stores/unsaved';

/**
 * Beside a settings form's Save: "Unsaved changes" while this form differs from what is
 * stored, and after this form saved, which other forms still hold unsaved changes (their
 * own Save keeps them; this one did not).
 */
export function UnsavedNote(props: { section: string; dirty: boolean; saved: boolean }) {
  const { t } = useTranslation('shell');
  const others = useOtherUnsaved(props.section);
  return (
    <>
      {props.dirty ? <p className="hint unsaved-badge">{t('unsaved.badge')}</p> : null}
      {props.saved && others.length > 0 ? (
        <p className="hint" role="alert">
          {t('unsaved.othersUnsaved', { sections: others.join(t('listSeparator')) })}
        </p>
      ) : null}
    </>
  );
}
