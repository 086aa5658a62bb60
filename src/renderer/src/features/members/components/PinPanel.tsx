import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../lib/api';
import { ErrorMessage, StatusMessage } from '../../../components/Messages';
import type { MemberDto } from '../../../../../shared/contract/members';
import { FormField } from './FormField';
import { describeFieldErrors, NO_FIELD_ERRORS, type FieldErrors } from '../../../lib/describe-error';

type Mode = 'idle' | 'set' | 'change' | 'reset';

const CHANNELS = {
  idle: 'members:setPin',
  set: 'members:setPin',
  change: 'members:changePin',
  reset: 'members:resetPin',
} as const;

/**
 * The member PIN: set the first one, change it with the old one, or — when forgotten —
 * reset it after the member states name, phone and email, which main checks against
 * what is on file (attempts limited, audited).
 */
export function PinPanel({ member, onChanged }: { member: MemberDto; onChanged(m: MemberDto): void }) {
  const { t } = useTranslation('members');
  const [mode, setMode] = useState<Mode>('idle');
  const [pin, setPin] = useState('');
  const [oldPin, setOldPin] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const start = (m: Mode) => {
    setMode(m);
    setPin('');
    setOldPin('');
    setErrors(NO_FIELD_ERRORS);
    setNotice('');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r =
      mode === 'set'
        ? await call('members:setPin', { memberId: member.id, pin })
        : mode === 'change'
          ? await call('members:changePin', { memberId: member.id, oldPin, newPin: pin })
          : await call('members:resetPin', {
              memberId: member.id,
              name,
              newPin: pin,
              ...(phone.trim() ? { phone } : {}),
              ...(email.trim() ? { email } : {}),
            });
    setBusy(false);
    if (!r.ok) {
      const fe = describeFieldErrors(t, CHANNELS[mode], r.error);
      // Main calls the new PIN `pin` when setting and `newPin` otherwise: one input here.
      if (fe.fields.newPin) fe.fields.pin = fe.fields.newPin;
      return setErrors(fe);
    }
    setErrors(NO_FIELD_ERRORS);
    setNotice(mode === 'set' ? t('pin.doneSet') : mode === 'change' ? t('pin.doneChange') : t('pin.doneReset'));
    setMode('idle');
    setPin('');
    setOldPin('');
    onChanged(r.value);
  };

  const formTitle = mode === 'set' ? t('pin.set') : mode === 'change' ? t('pin.change') : t('pin.resetTitle');
  return (
    <section className="pin-panel" aria-labelledby={`pin-title-${member.id}`}>
      <h2 id={`pin-title-${member.id}`}>{t('pin.title')}</h2>
      <p>{member.hasPin ? t('pin.hasPin') : t('pin.noPin')}</p>
      <StatusMessage>{notice}</StatusMessage>
      {mode === 'idle' ? (
        <div className="actions">
          {member.hasPin ? (
            <button type="button" onClick={() => start('change')}>
              {t('pin.change')}
            </button>
          ) : (
            <button type="button" onClick={() => start('set')}>
              {t('pin.set')}
            </button>
          )}
          <button type="button" onClick={() => start('reset')}>
            {t('pin.reset')}
          </button>
        </div>
      ) : (
        <form aria-label={formTitle} onSubmit={(e) => void submit(e)} noValidate>
          <h3>{formTitle}</h3>
          {mode === 'reset' ? <p className="hint">{t('pin.resetExplain')}</p> : null}
          <ErrorMessage>{errors.general}</ErrorMessage>
          {mode === 'reset' ? (
            <div className="form-grid">
              <FormField
                label={t('pin.resetName')}
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={errors.fields.name}
                autoComplete="off"
                maxLength={80}
              />
              <FormField
                label={t('pin.resetPhone')}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                error={errors.fields.phone}
                inputMode="tel"
                autoComplete="off"
                maxLength={40}
              />
              <FormField
                label={t('pin.resetEmail')}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={errors.fields.email}
                autoComplete="off"
                maxLength={254}
              />
            </div>
          ) : null}
          {mode === 'change' ? (
            <FormField
              label={t('pin.oldPin')}
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              value={oldPin}
              onChange={(e) => setOldPin(e.target.value.replace(/\D/g, ''))}
              error={errors.fields.oldPin}
            />
          ) : null}
          <FormField
            label={t('pin.newPin')}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            error={errors.fields.pin}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {mode === 'set' ? t('pin.submitSet') : mode === 'change' ? t('pin.submitChange') : t('pin.submitReset')}
            </button>
            <button type="button" onClick={() => start('idle')}>
              {t('member.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
