import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusMessage } from '../../../components/Messages';
import { TextField, focusFirstProblem } from '../../../components/form';
import { useCommand } from '../../../lib/use-command';
import { NO_FIELD_ERRORS } from '../../../lib/describe-error';
import type { MemberDto } from '../../../../../shared/contract/members';
import { useReportUnsaved } from '../../../stores/counter-draft';
import { MEMBER_PIN_MAX_LENGTH, PIN_LENGTH_VALUES } from '../../../../../shared/member-pin';
import { useMemberEvents } from '../member-events';

type Mode = 'idle' | 'set' | 'change' | 'reset';

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
  const [notice, setNotice] = useState<Mode>('idle');
  const formRef = useRef<HTMLFormElement>(null);
  useReportUnsaved('pin', mode !== 'idle' && (pin + oldPin + name + phone + email).trim() !== '');
  const titleRef = useRef<HTMLHeadingElement>(null);
  const done = (m: MemberDto) => {
    // The form goes away: the focus to the panel's title, not the page body (where the
    // next digits typed would have gone into the visible search box).
    setTimeout(() => titleRef.current?.focus(), 0);
    setNotice(mode);
    setMode('idle');
    setPin('');
    setOldPin('');
    onChanged(m);
  };
  const setPinCommand = useCommand('members:setPin', { onSuccess: done });
  const changePin = useCommand('members:changePin', { onSuccess: done });
  const resetPin = useCommand('members:resetPin', { onSuccess: done });
  const command = mode === 'set' ? setPinCommand : mode === 'change' ? changePin : resetPin;
  const raw = mode !== 'idle' ? command.fieldErrors : NO_FIELD_ERRORS;
  // Main calls the new PIN `pin` when setting and `newPin` otherwise: one input here.
  const errors = raw.fields.newPin ? { ...raw, fields: { ...raw.fields, pin: raw.fields.newPin } } : raw;

  useEffect(() => {
    if (command.error) focusFirstProblem(formRef.current);
  }, [command.error]);

  const start = (m: Mode) => {
    setMode(m);
    setPin('');
    setOldPin('');
    setPinCommand.reset();
    changePin.reset();
    resetPin.reset();
    setNotice('idle');
  };

  // "Reset the member's PIN" on the Redeem tab after a back-off: the reset form opens here
  // (its first field takes the cursor).
  const resetRequest = useMemberEvents((s) => s.pinResetRequest);
  const seenResetRequest = useRef(resetRequest);
  useEffect(() => {
    if (resetRequest === seenResetRequest.current) return;
    seenResetRequest.current = resetRequest;
    start('reset');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start only sets state
  }, [resetRequest]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'set') void setPinCommand.run({ memberId: member.id, pin });
    else if (mode === 'change') void changePin.run({ memberId: member.id, oldPin, newPin: pin });
    else
      void resetPin.run({
        memberId: member.id,
        name,
        newPin: pin,
        ...(phone.trim() ? { phone } : {}),
        ...(email.trim() ? { email } : {}),
      });
  };

  const formTitle = mode === 'set' ? t('pin.set') : mode === 'change' ? t('pin.change') : t('pin.resetTitle');
  return (
    <section className="pin-panel" aria-labelledby={`pin-title-${member.id}`}>
      <h2 id={`pin-title-${member.id}`} ref={titleRef} tabIndex={-1}>
        {t('pin.title')}
      </h2>
      <p>{member.pinSetElsewhere ? t('pin.setElsewhere') : member.hasPin ? t('pin.hasPin') : t('pin.noPin')}</p>
      <StatusMessage>
        {notice === 'set'
          ? t('pin.doneSet')
          : notice === 'change'
            ? t('pin.doneChange')
            : notice === 'reset'
              ? t('pin.doneReset')
              : ''}
      </StatusMessage>
      {mode === 'idle' ? (
        <div className="actions">
          {/* A PIN only another store can check cannot be changed with it here: reset it. */}
          {member.pinSetElsewhere ? null : member.hasPin ? (
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
        <form aria-label={formTitle} onSubmit={submit} noValidate ref={formRef}>
          <h3>{formTitle}</h3>
          {mode === 'reset' ? <p className="hint">{t('pin.resetExplain')}</p> : null}
          <ErrorMessage>{errors.general}</ErrorMessage>
          {mode === 'reset' ? (
            <div className="form-grid">
              <TextField
                label={t('pin.resetName')}
                autoFocus
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={errors.fields.name}
                autoComplete="off"
                maxLength={80}
              />
              <TextField
                label={t('pin.resetPhone')}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                error={errors.fields.phone}
                inputMode="tel"
                autoComplete="off"
                maxLength={40}
              />
              <TextField
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
            <TextField
              label={t('pin.oldPin')}
              autoFocus
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={MEMBER_PIN_MAX_LENGTH}
              value={oldPin}
              onChange={(e) => setOldPin(e.target.value.replace(/\D/g, ''))}
              error={errors.fields.oldPin}
            />
          ) : null}
          <TextField
            label={t('pin.newPin', PIN_LENGTH_VALUES)}
            autoFocus={mode === 'set'}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={MEMBER_PIN_MAX_LENGTH}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            error={errors.fields.pin}
          />
          <div className="actions">
            <button type="submit" className="primary" aria-disabled={command.busy || undefined}>
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
