import { useState, type FormEvent } from 'react';
import { SETTINGS_DEFAULTS } from '../../../../shared/settings';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../../lib/use-command';
import { useAppSettings } from '../../stores/settings';
import { CheckField, TextField } from '../../components/form';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { minorToInput, parseMoneyInput, parseWhole } from '../points/decimal-input';

/**
 * The manager-approval policies (settings/approval.ts): when a cashier needs a manager
 * to approve on the same screen. Money is typed in major units and sent as minor units.
 */
export function ApprovalSettings() {
  const { t } = useTranslation('staff');
  const { t: tShell } = useTranslation('shell');
  // Until settings load, the schema's own defaults (one source: shared/settings).
  const s = useAppSettings((x) => x.settings) ?? SETTINGS_DEFAULTS;
  const digits = s.currencyMinorUnits;
  const [overAmount, setOverAmount] = useState(minorToInput(s.approvalAwardOverMinor, digits));
  const [overPoints, setOverPoints] = useState(String(s.approvalAwardOverPoints));
  const [minutes, setMinutes] = useState(String(s.approvalReverseAfterMinutes));
  const [others, setOthers] = useState(s.approvalReverseOthers);
  const [reveal, setReveal] = useState(s.approvalContactReveal);
  const [belowZero, setBelowZero] = useState(s.adjustBelowZeroAllowed);
  const save = useCommand('settings:update', { onSuccess: (v) => useAppSettings.getState().setSettings(v) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(overAmount, digits);
    const points = parseWhole(overPoints, 1_000_000_000);
    const mins = parseWhole(minutes, 10_080);
    if (!amount.ok || !points.ok || !mins.ok) return save.refuse(t('approval.settings.invalid'));
    void save.run({
      approvalAwardOverMinor: amount.value,
      approvalAwardOverPoints: points.value,
      approvalReverseAfterMinutes: mins.value,
      approvalReverseOthers: others,
      approvalContactReveal: reveal,
      adjustBelowZeroAllowed: belowZero,
    });
  };

  return (
    <form className="card narrow" aria-label={t('approval.settings.title')} onSubmit={submit}>
      <h2>{t('approval.settings.title')}</h2>
      <p className="hint">{t('approval.settings.intro')}</p>
      <TextField
        label={t('approval.settings.overAmount')}
        inputMode="decimal"
        required
        value={overAmount}
        onChange={(e) => setOverAmount(e.target.value)}
      />
      <TextField
        label={t('approval.settings.overPoints')}
        inputMode="numeric"
        required
        value={overPoints}
        onChange={(e) => setOverPoints(e.target.value)}
      />
      <TextField
        label={t('approval.settings.reverseAfter')}
        inputMode="numeric"
        required
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
      />
      <CheckField label={t('approval.settings.reverseOthers')} checked={others} onChange={setOthers} />
      <CheckField label={t('approval.settings.contactReveal')} checked={reveal} onChange={setReveal} />
      <CheckField
        label={t('approval.settings.adjustBelowZero')}
        hint={t('approval.settings.adjustBelowZeroHint')}
        checked={belowZero}
        onChange={setBelowZero}
      />
      <ErrorMessage>{save.errorText}</ErrorMessage>
      <StatusMessage>{save.result ? tShell('saved') : ''}</StatusMessage>
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
          {t('approval.settings.save')}
        </button>
      </div>
    </form>
  );
}
