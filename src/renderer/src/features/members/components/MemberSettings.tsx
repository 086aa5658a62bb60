import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getCountries } from 'libphonenumber-js';
import { useCommand } from '../../../lib/use-command';
import { useAppSettings } from '../../../stores/settings';
import { SelectField } from '../../../components/form';
import { ErrorMessage, StatusMessage } from '../../../components/Messages';
import { useUnsavedSection } from '../../../stores/unsaved';
import { UnsavedNote } from '../../settings/UnsavedNote';

/**
 * The members area's settings (manager): the country phone numbers are read in when
 * typed without a +country code. Self-contained so the settings page only renders
 * `<MemberSettings />`.
 */
export function MemberSettings() {
  const { t, i18n } = useTranslation('members');
  const { t: tShell } = useTranslation('shell');
  const current = useAppSettings((s) => s.settings?.memberPhoneCountry ?? 'CN');
  const [country, setCountry] = useState<string>(current);
  const save = useCommand('settings:update', { onSuccess: (s) => useAppSettings.getState().setSettings(s) });

  const options = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return getCountries()
      .map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }))
      .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  }, [i18n.language]);

  const dirty = country !== current;
  useUnsavedSection('settings.members', t('settings.title'), dirty);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run({ memberPhoneCountry: country });
  };

  return (
    <form className="card narrow" aria-label={t('settings.title')} onSubmit={submit}>
      <h2>{t('settings.title')}</h2>
      <SelectField
        label={t('settings.phoneCountry')}
        value={country}
        onChange={setCountry}
        options={options}
        hint={t('settings.phoneCountryHint')}
      />
      <ErrorMessage>{save.errorText}</ErrorMessage>
      <StatusMessage>{save.result ? tShell('saved') : ''}</StatusMessage>
      <UnsavedNote section="settings.members" dirty={dirty} saved={save.result !== null} />
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          {t('settings.save')}
        </button>
      </div>
    </form>
  );
}
