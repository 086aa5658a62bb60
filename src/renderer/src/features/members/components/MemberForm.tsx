import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/Messages';
import { CheckField, TextField, focusFirstProblem } from '../../../components/form';
import { useCommand } from '../../../lib/use-command';
import type { MemberDto } from '../../../../../shared/contract/members';
import { splitPrefill } from '../prefill';

interface Props {
  /** Absent: register a new member; present: edit this one. */
  member?: MemberDto;
  onDone(member: MemberDto): void;
  onCancel(): void;
  /** Registering from the counter's search: what was typed there (a phone or a name, by its shape). */
  prefill?: string;
  /** Registering a phone another member has: open that member instead (by the phone). */
  onOpenExisting?(phone: string): void;
}

/** Main's answer "another member has this phone" (details: reason duplicate, field phone). */
function isDuplicatePhone(error: { details?: Record<string, unknown> } | null): boolean {
  return error?.details?.reason === 'duplicate' && error.details.field === 'phone';
}

/**
 * Register or edit a member. Main normalises and validates (phone to E.164, email lower
 * case, uniqueness); its field-level answers are shown next to each field, the first
 * field with a problem takes the focus, and nothing typed is cleared on an error. A
 * double submit or a retry after a lost reply registers the member once.
 */
export function MemberForm({ member, onDone, onCancel, prefill, onOpenExisting }: Props) {
  const { t } = useTranslation('members');
  const [initial] = useState(() => splitPrefill(member ? '' : (prefill ?? '')));
  const [name, setName] = useState(member?.name ?? initial.name);
  // A cashier's copy of the member is masked ("•••• 4821"): those fields start empty and
  // are sent only when something new is typed (removing one is for a manager).
  const masked = member?.contactMasked === true;
  const [phone, setPhone] = useState(masked ? '' : (member?.phoneDisplay ?? initial.phone));
  const [email, setEmail] = useState(masked ? '' : (member?.email ?? initial.email));
  const nameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const [birthday, setBirthday] = useState(masked ? '' : (member?.birthday ?? ''));
  const [consent, setConsent] = useState(member?.marketingConsent ?? false);
  const formRef = useRef<HTMLFormElement>(null);
  const register = useCommand('members:register', { onSuccess: onDone });
  const update = useCommand('members:update', { onSuccess: onDone });
  const command = member ? update : register;
  const errors = command.fieldErrors;

  // The form opens with the cursor in its first empty field (the name when editing).
  useEffect(() => {
    (member || !initial.name ? nameRef : phoneRef).current?.focus();
  }, [member, initial]);

  // A refusal: once it shows on its field, that field takes the focus.
  // (A duplicate phone is a refusal on `phone`: the cursor lands in Phone.)
  useEffect(() => {
    if (command.error) focusFirstProblem(formRef.current);
  }, [command.error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (member && masked) {
      void update.run({
        memberId: member.id,
        ...(name !== (member.name ?? '') ? { name } : {}),
        ...(phone.trim() !== '' ? { phone } : {}),
        ...(email.trim() !== '' ? { email } : {}),
        ...(birthday !== '' ? { birthday } : {}),
        ...(consent !== member.marketingConsent ? { marketingConsent: consent } : {}),
      });
      return;
    }
    if (member) {
      void update.run({
        memberId: member.id,
        ...(name !== (member.name ?? '') ? { name } : {}),
        ...(phone !== (member.phoneDisplay ?? '') ? { phone: phone.trim() === '' ? null : phone } : {}),
        ...(email !== (member.email ?? '') ? { email: email.trim() === '' ? null : email } : {}),
        ...(birthday !== (member.birthday ?? '') ? { birthday: birthday === '' ? null : birthday } : {}),
        ...(consent !== member.marketingConsent ? { marketingConsent: consent } : {}),
      });
      return;
    }
    void register.run({
      name,
      ...(phone.trim() ? { phone } : {}),
      ...(email.trim() ? { email } : {}),
      ...(birthday ? { birthday } : {}),
      marketingConsent: consent,
    });
  };

  const title = member ? t('member.edit') : t('register.title');
  return (
    <form className="member-form" aria-label={title} onSubmit={submit} noValidate ref={formRef}>
      <h2>{title}</h2>
      <ErrorMessage>{errors.general}</ErrorMessage>
      <div className="form-grid">
        <TextField
          label={t('fields.name')}
          ref={nameRef}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          maxLength={80}
          autoComplete="off"
          required
        />
        <TextField
          label={t('fields.phone')}
          ref={phoneRef}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.fields.phone}
          inputMode="tel"
          maxLength={40}
          autoComplete="off"
          placeholder={masked ? (member?.phoneDisplay ?? undefined) : undefined}
          hint={masked ? t('contact.keepHint') : t('fields.contactHint')}
        />
        <TextField
          label={t('fields.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          type="email"
          maxLength={254}
          autoComplete="off"
          placeholder={masked ? (member?.email ?? undefined) : undefined}
          hint={masked ? t('contact.keepHint') : undefined}
        />
        <TextField
          label={t('fields.birthday')}
          value={birthday}
          onChange={(e) => setBirthday(e.target.value)}
          error={errors.fields.birthday}
          type="date"
        />
      </div>
      {!member && onOpenExisting && isDuplicatePhone(command.error) ? (
        <div className="actions">
          <button type="button" onClick={() => onOpenExisting(phone)}>
            {t('register.openExisting')}
          </button>
        </div>
      ) : null}
      <CheckField label={t('fields.marketingConsent')} checked={consent} onChange={setConsent} />
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={command.busy || undefined}>
          {member ? t('member.saveEdit') : t('register.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('member.cancel')}
        </button>
      </div>
    </form>
  );
}
