import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../lib/money';
import { useCommand } from '../../lib/use-command';
import { useAppSettings, type Locale } from '../../stores/settings';
import { SelectField, TextField } from '../../components/form';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { Settings } from '../../../../shared/settings';
import { isSupportedLocale, SUPPORTED_LOCALES } from '../../../../shared/locales';
import { MemberSettings } from '../members/components/MemberSettings';
import { CounterModeField } from './CounterModeField';
import { minorToInput, parseMoneyInput } from '../points/decimal-input';
import { ApprovalSettings } from '../approval/ApprovalSettings';
import { UnsavedNote } from './UnsavedNote';
import { ReceiptScanSettings } from '../points/ReceiptScanSettings';
import { useUnsavedSection } from '../../stores/unsaved';

/**
 * The general settings group, then each area's own settings form. Every form has its own
 * Save and saves only its fields; a form with changes not saved yet says so beside its
 * button, another form's Save names it, and leaving the page asks first
 * (stores/unsaved.ts) — a change is never lost unseen.
 */
export default function SettingsPage() {
  const current = useAppSettings((s) => s.settings);
  if (!current) return null;
  return <SettingsForm current={current} />;
}

function SettingsForm({ current }: { current: Settings }) {
  const { t } = useTranslation(['settings', 'shell']);
  const [storeName, setStoreName] = useState(current.storeName);
  const [currency, setCurrency] = useState(current.currency);
  const [minorUnits, setMinorUnits] = useState(String(current.currencyMinorUnits));
  const [locale, setLocale] = useState<Locale>(current.locale);
  const [idle, setIdle] = useState(String(current.idleLockMinutes));
  const [timeZone, setTimeZone] = useState(current.timeZone);
  const [counterMode, setCounterMode] = useState(current.counterMode);
  // The counter's "unusually large amount" (asks the cashier to confirm), typed in major units.
  const [largeAmount, setLargeAmount] = useState(minorToInput(current.largeAmountMinor, current.currencyMinorUnits));
  // The result, not a text: the message must follow a language switched by this very save.
  const save = useCommand('settings:update', { onSuccess: (s) => useAppSettings.getState().setSettings(s) });

  const dirty =
    storeName !== current.storeName ||
    currency !== current.currency ||
    minorUnits !== String(current.currencyMinorUnits) ||
    locale !== current.locale ||
    idle !== String(current.idleLockMinutes) ||
    counterMode !== current.counterMode ||
    timeZone !== current.timeZone ||
    largeAmount !== minorToInput(current.largeAmountMinor, current.currencyMinorUnits);
  useUnsavedSection('settings.general', t('generalTitle'), dirty);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const large = parseMoneyInput(largeAmount, Number(minorUnits));
    if (!large.ok) return save.refuse(t('largeAmountProblem'));
    // Numbers go to main as numbers; main's schema rejects fractions and out-of-range values.
    void save.run({
      storeName,
      currency: currency.trim().toUpperCase(),
      currencyMinorUnits: Number(minorUnits),
      locale,
      idleLockMinutes: Number(idle),
      timeZone: timeZone.trim(),
      counterMode,
      largeAmountMinor: large.value,
    });
  };

  let example = '';
  try {
    example = formatMoney(10500, currency.trim().toUpperCase(), locale, Number(minorUnits));
  } catch {
    example = '';
  }

  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('shell:pages.settings')}</h1>
      <form className="card narrow" onSubmit={submit} aria-labelledby="settings-general-title">
        <h2 id="settings-general-title">{t('generalTitle')}</h2>
        <TextField
          label={t('storeName')}
          required
          maxLength={80}
          value={storeName}
          onChange={(e) => setStoreName(e.target.value)}
        />
        <TextField
          label={t('currency')}
          required
          maxLength={3}
          pattern="[A-Za-z]{3}"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          hint={t('currencyHint')}
        />
        <TextField
          label={t('minorUnits')}
          type="number"
          required
          min={0}
          max={3}
          step={1}
          value={minorUnits}
          onChange={(e) => setMinorUnits(e.target.value)}
          hint={`${t('minorUnitsHint')} ${example ? t('example', { amount: example }) : ''}`}
        />
        <SelectField
          label={t('locale')}
          value={locale}
          onChange={(v) => setLocale(isSupportedLocale(v) ? v : 'en')}
          // Each language by its own name ("English", "简体中文"), as its translator wrote it.
          options={SUPPORTED_LOCALES.map((code) => ({ value: code, label: t('shell:languageName', { lng: code }) }))}
        />
        <TextField
          label={t('idleLockMinutes')}
          type="number"
          required
          min={1}
          max={240}
          step={1}
          value={idle}
          onChange={(e) => setIdle(e.target.value)}
        />
        <TextField
          label={t('timeZone')}
          autoComplete="off"
          value={timeZone}
          hint={t('timeZoneHint', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
          onChange={(e) => setTimeZone(e.target.value)}
        />
        <CounterModeField value={counterMode} onChange={setCounterMode} />
        <TextField
          label={t('largeAmount')}
          inputMode="decimal"
          autoComplete="off"
          value={largeAmount}
          onChange={(e) => setLargeAmount(e.target.value)}
          hint={t('largeAmountHint')}
        />
        <ErrorMessage>{save.errorText}</ErrorMessage>
        <StatusMessage>{save.result ? t('saved') : ''}</StatusMessage>
        <UnsavedNote section="settings.general" dirty={dirty} saved={save.result !== null} />
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          {t('save')}
        </button>
      </form>
      {/* Each area's own settings form; the general form above stays the shell's. */}
      <MemberSettings />
      <ApprovalSettings />
      <ReceiptScanSettings />
    </section>
  );
}
