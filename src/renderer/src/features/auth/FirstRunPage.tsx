import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { Field, SelectField } from '../../components/Field';
import { ErrorMessage } from '../../components/Messages';
import { useAppSettings } from '../../stores/settings';
import { SUPPORTED_LOCALES, type Locale } from '../../../../shared/locales';
import { PasswordPair } from './PasswordPair';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import { UsernameField } from './UsernameField';
import { prefillNextSignIn } from './sign-in-prefill';
import { minorUnitsOf, SETUP_CURRENCIES } from './store-currencies';

/**
 * First run: no staff exist yet. Asks the store's language (the screen switches at once),
 * its name and currency, and creates the owner — one call, one transaction — then shows
 * the recovery key once. The next sign-in starts with the owner's user name filled in.
 */
export function FirstRunPage({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('auth');
  const { t: tShell } = useTranslation('shell');
  const locale = useAppSettings((s) => s.locale);
  const [storeName, setStoreName] = useState('');
  const [currency, setCurrency] = useState<string>('CNY');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  // The form opens with the cursor in its first field: the language.
  const languageRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    languageRef.current?.focus();
  }, []);

  if (recoveryKey) {
    return <RecoveryKeyPanel recoveryKey={recoveryKey} intro={t('recoveryKey.intro')} onDone={onDone} />;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return setError(t('firstRun.mismatch'));
    setBusy(true);
    const store = {
      locale,
      storeName: storeName.trim() || t('firstRun.storeNameDefault'),
      currency,
      currencyMinorUnits: minorUnitsOf(currency),
    };
    const r = await call('auth:setupOwner', { username: username.trim(), displayName, password, store });
    setBusy(false);
    if (!r.ok) return setError(describeError(t, 'auth:setupOwner', r.error));
    setError('');
    prefillNextSignIn(username.trim());
    setRecoveryKey(r.value.recoveryKey);
  };

  return (
    <section className="card narrow" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('firstRun.storeTitle')}</legend>
          <SelectField<Locale>
            label={t('firstRun.language')}
            value={locale}
            onChange={(v) => useAppSettings.setState({ locale: v })}
            ref={languageRef}
            options={SUPPORTED_LOCALES.map((code) => ({ value: code, label: tShell('languageName', { lng: code }) }))}
          />
          <Field
            label={t('firstRun.storeName')}
            maxLength={80}
            value={storeName}
            placeholder={t('firstRun.storeNameDefault')}
            onChange={(e) => setStoreName(e.target.value)}
          />
          <SelectField
            label={t('firstRun.currency')}
            value={currency}
            onChange={setCurrency}
            options={SETUP_CURRENCIES.map((code) => ({ value: code, label: currencyLabel(code, locale) }))}
            hint={t('firstRun.currencyHint')}
          />
        </fieldset>
        <fieldset>
          <legend>{t('firstRun.ownerTitle')}</legend>
          <UsernameField label={t('firstRun.username')} value={username} onChange={setUsername} autoFocus={false} />
          <Field
            label={t('firstRun.displayName')}
            required
            maxLength={80}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <PasswordPair
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            passwordLabel={t('firstRun.password')}
            confirmLabel={t('firstRun.confirmPassword')}
          />
        </fieldset>
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="primary" disabled={isBusy}>
          {t('firstRun.create')}
        </button>
      </form>
    </section>
  );
}

/** "CNY — Chinese Yuan" in the chosen language (Intl), the code alone where it has no name. */
function currencyLabel(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'currency' }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}
