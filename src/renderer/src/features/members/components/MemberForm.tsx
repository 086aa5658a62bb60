import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../lib/api';
import { ErrorMessage } from '../../../components/Messages';
import type { MemberDto } from '../../../../../shared/contract/members';
import { FormField } from './FormField';
import { describeFieldErrors, NO_FIELD_ERRORS, type FieldErrors } from '../../../lib/describe-error';
import { useOperationAttempt } from '../../../lib/use-operation-attempt';

interface Props {
  /** Absent: register a new member; present: edit this one. */
  member?: MemberDto;
  onDone(member: MemberDto): void;
  onCancel(): void;
}

/**
 * Register or edit a member. Main normalises and validates (phone to E.164, email lower
 * case, uniqueness); its field-level answers are shown next to each field and nothing
 * typed is cleared on an error.
 */
export function MemberForm({ member, onDone, onCancel }: Props) {
  const { t } = useTranslation('members');
  const [name, setName] = useState(member?.name ?? '');
  const [phone, setPhone] = useState(member?.phoneDisplay ?? '');
  const [email, setEmail] = useState(member?.email ?? '');
  const [birthday, setBirthday] = useState(member?.birthday ?? '');
  const [consent, setConsent] = useState(member?.marketingConsent ?? false);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [busy, setBusy] = useState(false);
  // A double submit or a retry after a lost reply registers the member once.
  const attempt = useOperationAttempt();

  const register = () => {
    const fields = {
      name,
      ...(phone.trim() ? { phone } : {}),
      ...(email.trim() ? { email } : {}),
      ...(birthday ? { birthday } : {}),
      marketingConsent: consent,
    };
    return call('members:register', { ...fields, opId: attempt.opIdFor(JSON.stringify(fields)) });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = member
      ? await call('members:update', {
          memberId: member.id,
          ...(name !== (member.name ?? '') ? { name } : {}),
          ...(phone !== (member.phoneDisplay ?? '') ? { phone: phone.trim() === '' ? null : phone } : {}),
          ...(email !== (member.email ?? '') ? { email: email.trim() === '' ? null : email } : {}),
          ...(birthday !== (member.birthday ?? '') ? { birthday: birthday === '' ? null : birthday } : {}),
          ...(consent !== member.marketingConsent ? { marketingConsent: consent } : {}),
        })
      : await register();
    setBusy(false);
    if (!r.ok) return setErrors(describeFieldErrors(t, member ? 'members:update' : 'members:register', r.error));
    setErrors(NO_FIELD_ERRORS);
    attempt.finish();
    onDone(r.value);
  };

  const title = member ? t('member.edit') : t('register.title');
  return (
    <form className="member-form" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{title}</h2>
      <ErrorMessage>{errors.general}</ErrorMessage>
      <div className="form-grid">
        <FormField
          label={t('fields.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          maxLength={80}
          autoComplete="off"
          required
        />
        <FormField
          label={t('fields.phone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.fields.phone}
          inputMode="tel"
          maxLength={40}
          autoComplete="off"
          hint={t('fields.contactHint')}
        />
        <FormField
          label={t('fields.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          type="email"
          maxLength={254}
          autoComplete="off"
        />
        <FormField
          label={t('fields.birthday')}
          value={birthday}
          onChange={(e) => setBirthday(e.target.value)}
          error={errors.fields.birthday}
          type="date"
        />
      </div>
      <div className="check">
        <input
          id={member ? `consent-${member.id}` : 'consent-new'}
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
        />
        <label htmlFor={member ? `consent-${member.id}` : 'consent-new'}>{t('fields.marketingConsent')}</label>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {member ? t('member.saveEdit') : t('register.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('member.cancel')}
        </button>
      </div>
    </form>
  );
}
