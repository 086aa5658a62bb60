import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/form';
import { COUNTER_MODES, type CounterMode } from '../../../../shared/settings/shell';

/**
 * How the PerkDesk window sits on this terminal's screen (applied by the desktop app as
 * soon as the settings are saved).
 */
export function CounterModeField({ value, onChange }: { value: CounterMode; onChange(mode: CounterMode): void }) {
  const { t } = useTranslation('settings');
  return (
    <SelectField
      label={t('counterMode.label')}
      value={value}
      onChange={onChange}
      options={COUNTER_MODES.map((m) => ({ value: m, label: t(`counterMode.${m}`) }))}
      hint={t('counterMode.hint')}
    />
  );
}
