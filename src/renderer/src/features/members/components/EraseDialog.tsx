import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../lib/api';
import { ErrorMessage } from '../../../components/Messages';
import type { MemberDto } from '../../../../../shared/contract/members';
import { FormField } from './FormField';
import { describeFieldErrors, NO_FIELD_ERRORS, type FieldErrors } from '../../../lib/describe-error';

/** Manager: erase a member's personal data (with a reason), after an explicit confirmation. */
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
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    firstRef.current?.querySelector('input')?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await call('members:erase', { memberId: member.id, reason });
    setBusy(false);
    if (!r.ok) return setErrors(describeFieldErrors(t, 'members:erase', r.error));
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
        <div ref={firstRef}>
          <FormField
            label={t('member.eraseReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={errors.fields.reason}
            maxLength={200}
            autoComplete="off"
          />
        </div>
        <div className="actions">
          <button type="submit" className="danger" disabled={busy || reason.trim() === ''}>
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
