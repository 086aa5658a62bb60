import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/Messages';
import { Dialog, TextField } from '../../../components/form';
import { useCommand } from '../../../lib/use-command';
import type { MemberDto } from '../../../../../shared/contract/members';

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
  const erase = useCommand('members:erase', { onSuccess: onErased });
  const errors = erase.fieldErrors;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void erase.run({ memberId: member.id, reason });
  };

  return (
    <Dialog title={t('member.eraseTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{t('member.eraseExplain')}</p>
        <ErrorMessage>{errors.general}</ErrorMessage>
        <TextField
          label={t('member.eraseReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.fields.reason}
          maxLength={200}
          autoComplete="off"
        />
        <div className="actions">
          <button
            type="submit"
            className="danger"
            disabled={reason.trim() === ''}
            aria-disabled={erase.busy || undefined}
          >
            {t('member.eraseConfirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('member.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
