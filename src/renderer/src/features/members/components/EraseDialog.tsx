import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/Messages';
import { Dialog, SelectField } from '../../../components/form';
import { useCommand } from '../../../lib/use-command';
import { ERASE_REASONS, type EraseReason, type MemberDto } from '../../../../../shared/contract/members';

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
  const [reason, setReason] = useState<EraseReason | ''>('');
  const erase = useCommand('members:erase', { onSuccess: onErased });
  const errors = erase.fieldErrors;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason === '') return;
    void erase.run({ memberId: member.id, reason });
  };

  return (
    <Dialog title={t('member.eraseTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{t('member.eraseExplain')}</p>
        <ErrorMessage>{errors.general}</ErrorMessage>
        <SelectField<EraseReason | ''>
          label={t('member.eraseReason')}
          value={reason}
          onChange={setReason}
          options={[
            { value: '', label: t('member.eraseReasonPick') },
            ...ERASE_REASONS.map((r) => ({ value: r, label: t(`member.eraseReasons.${r}`) })),
          ]}
          error={errors.fields.reason}
        />
        <div className="actions">
          <button type="submit" className="danger" disabled={reason === ''} aria-disabled={erase.busy || undefined}>
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
