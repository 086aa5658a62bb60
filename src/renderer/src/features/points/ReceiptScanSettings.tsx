import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../../lib/use-command';
import { useAppSettings } from '../../stores/settings';
import { SelectField, TextField } from '../../components/form';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useUnsavedSection } from '../../stores/unsaved';
import { UnsavedNote } from '../settings/UnsavedNote';
import {
  activeReceiptPattern,
  receiptPatternProblem,
  RECEIPT_PATTERN_MAX,
  RECEIPT_SCAN_PRESETS,
  SCAN_TEXT_MAX,
  type ReceiptScanPreset,
  type ReceiptScanSetting,
} from '../../../../shared/settings/receipt-scan';
import { readReceiptScan } from './receipt-scan';
import { usePointsFormat } from './use-points-format';

const DEFAULT: ReceiptScanSetting = { preset: 'off', pattern: '' };

/**
 * Settings → the till's receipt, scanned (issue 9 item 13): which code the till prints
 * (a preset, or the store's own pattern), and a test box that reads a scan (or pasted
 * text) with the pattern as it stands, saved or not. Main validates the pattern again.
 */
export function ReceiptScanSettings() {
  const { t } = useTranslation('points');
  const { t: tShell } = useTranslation('shell');
  const { money, digits } = usePointsFormat();
  const current = useAppSettings((s) => s.settings?.receiptScan ?? DEFAULT);
  const [preset, setPreset] = useState<ReceiptScanPreset>(current.preset);
  const [pattern, setPattern] = useState(current.pattern);
  const [sample, setSample] = useState('');
  const save = useCommand('settings:update', {
    onSuccess: (s) => {
      useAppSettings.getState().setSettings(s);
      // What was stored (an unfinished custom pattern is dropped with a preset chosen).
      setPreset(s.receiptScan.preset);
      setPattern(s.receiptScan.pattern);
    },
  });

  const draft: ReceiptScanSetting = { preset, pattern };
  const problem = preset === 'custom' ? (pattern === '' ? 'noReceiptGroup' : receiptPatternProblem(pattern)) : null;
  const dirty = preset !== current.preset || pattern !== current.pattern;
  useUnsavedSection('settings.receiptScan', t('receiptScan.title'), dirty);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return save.refuse(t(`receiptScan.problems.${problem}`));
    // With a preset chosen, a custom pattern kept for later must still be valid (main
    // checks it): an unfinished one is dropped rather than blocking the preset.
    const keep = preset === 'custom' || pattern === '' || receiptPatternProblem(pattern) === null;
    void save.run({ receiptScan: { preset, pattern: keep ? pattern : '' } });
  };

  const read = sample === '' || problem ? null : readReceiptScan(draft, sample, digits);
  const testResult =
    sample === ''
      ? t('receiptScan.testHint')
      : preset === 'off'
        ? t('receiptScan.testOff')
        : read
          ? [
              t('receiptScan.readReceipt', { receipt: read.receipt }),
              read.amountMinor !== null ? t('receiptScan.readAmount', { amount: money(read.amountMinor) }) : '',
              read.date ? t('receiptScan.readDate', { date: read.date }) : '',
            ]
              .filter(Boolean)
              .join(' · ')
          : t('receiptScan.noMatch');

  return (
    <form className="card narrow" aria-label={t('receiptScan.title')} onSubmit={submit} noValidate>
      <h2>{t('receiptScan.title')}</h2>
      <SelectField
        label={t('receiptScan.preset')}
        value={preset}
        onChange={(v) => {
          const next = (RECEIPT_SCAN_PRESETS as readonly string[]).includes(v) ? (v as ReceiptScanPreset) : 'off';
          // A custom pattern starts from the preset shown, to be adapted rather than written anew.
          if (next === 'custom' && pattern === '') setPattern(activeReceiptPattern(draft));
          setPreset(next);
        }}
        options={RECEIPT_SCAN_PRESETS.map((p) => ({ value: p, label: t(`receiptScan.presets.${p}`) }))}
        hint={t(`receiptScan.presetHints.${preset}`)}
      />
      {preset === 'off' ? null : (
        <TextField
          label={t('receiptScan.pattern')}
          autoComplete="off"
          spellCheck={false}
          maxLength={RECEIPT_PATTERN_MAX}
          readOnly={preset !== 'custom'}
          value={preset === 'custom' ? pattern : activeReceiptPattern(draft)}
          error={problem ? t(`receiptScan.problems.${problem}`) : undefined}
          hint={t('receiptScan.patternHint')}
          onChange={(e) => setPattern(e.target.value)}
        />
      )}
      <TextField
        label={t('receiptScan.test')}
        autoComplete="off"
        spellCheck={false}
        maxLength={SCAN_TEXT_MAX}
        value={sample}
        // aria-live, not role=status: the page keeps one status (saved / not saved) to read.
        hint={<span aria-live="polite">{testResult}</span>}
        onChange={(e) => setSample(e.target.value)}
      />
      <ErrorMessage>{save.errorText}</ErrorMessage>
      <StatusMessage>{save.result ? tShell('saved') : ''}</StatusMessage>
      <UnsavedNote section="settings.receiptScan" dirty={dirty} saved={save.result !== null} />
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          {t('receiptScan.save')}
        </button>
      </div>
    </form>
  );
}
