import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTER_MODES, type CounterMode } from '../../../../shared/settings/shell';

/**
 * How the PerkDesk window sits on this terminal's screen (applied by the desktop app as
 * soon as the settings are saved). Written out here rather than with SelectField so
 * the hint is tied to the select for screen readers.
 */
export function CounterModeField({ value, onChange }: { value: CounterMode; onChange(mode: CounterMode): void }) {
  const { t } = useTranslation('settings');
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('counterMode.label')}</label>
      <select
        id={id}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const picked = COUNTER_MODES.find((m) => m === e.target.value);
          if (picked) onChange(picked);
        }}
      >
        {COUNTER_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`counterMode.${m}`)}
          </option>
        ))}
      </select>
      <p className="hint" id={`${id}-hint`}>
        {t('counterMode.hint')}
      </p>
    </div>
  );
}
