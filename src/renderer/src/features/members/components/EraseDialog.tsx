import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../lib/api';
import { ErrorMessage } from '../../../components/Messages';
import { ERASE_REASONS, type EraseReason, type MemberDto } from '../../../../../shared/contract/members';
import { formErrors, NO_ERRORS, type FormErrors } from '../field-errors';

/**
 * Manager: erase a member's personal data, after an explicit confirmation. The reason is
 * picked from a fixed list (the contract refuses free text: it would stay in the audit log).
 */
export function EraseDialog({
  member,
  onClose,
  onErased,
}: {
  member: MemberDto;
  onClose(): void;
  onErased(m: MemberDto): void;
}) {
  const { t } = useTranslation('members');
  const { t: tShell } = useTranslation('shell');
  const [reason, setReason] = useState<EraseReason | ''>('');
  const reasonId = useId();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    firstRef.current?.querySelector('select')?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason === '') return;
    setBusy(true);
    const r = await call('members:erase', { memberId: member.id, reason });
    setBusy(false);
    if (!r.ok) return setErrors(formErrors(t, tShell, r.error));
    onErased(r.value);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="member-dialog-backdrop">
      <form
        className="member-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="erase-title"
        onKeyDown={onKeyDown}
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <h2 id="erase-title">{t('member.eraseTitle')}</h2>
        <p>{t('member.eraseExplain')}</p>
        <ErrorMessage>{errors.general}</ErrorMessage>
        <div ref={firstRef} className="field">
          <label htmlFor={reasonId}>{t('member.eraseReason')}</label>
          <select
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value as EraseReason | '')}
            aria-invalid={errors.fields.reason ? true : undefined}
            aria-describedby={errors.fields.reason ? `${reasonId}-error` : undefined}
          >
            <option value="">{t('member.eraseReasonPick')}</option>
            {ERASE_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`member.eraseReasons.${r}`)}
              </option>
            ))}
          </select>
          {errors.fields.reason ? (
            <p className="field-error" id={`${reasonId}-error`} role="alert">
              {errors.fields.reason}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="danger" disabled={busy || reason === ''}>
            {t('member.eraseConfirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('member.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
