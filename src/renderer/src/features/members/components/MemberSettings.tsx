import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getCountries } from 'libphonenumber-js';
import { call } from '../../../lib/api';
import { describeError } from '../../../lib/describe-error';
import { useAppSettings } from '../../../stores/settings';
import { SelectField } from '../../../components/Field';
import { ErrorMessage, StatusMessage } from '../../../components/Messages';

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
  const [error, setError] = useState('');
  const [isSaved, setSaved] = useState(false);

  const options = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return getCountries()
      .map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }))
      .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  }, [i18n.language]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const r = await call('settings:update', { memberPhoneCountry: country });
    if (!r.ok) return setError(describeError(tShell, 'settings:update', r.error));
    setError('');
    useAppSettings.getState().setSettings(r.value);
    setSaved(true);
  };

  return (
    <form className="card narrow" aria-label={t('settings.title')} onSubmit={(e) => void submit(e)}>
      <h2>{t('settings.title')}</h2>
      <SelectField label={t('settings.phoneCountry')} value={country} onChange={setCountry} options={options} />
      <p className="hint">{t('settings.phoneCountryHint')}</p>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{isSaved ? tShell('saved') : ''}</StatusMessage>
      <div className="actions">
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
      </div>
    </form>
  );
}
