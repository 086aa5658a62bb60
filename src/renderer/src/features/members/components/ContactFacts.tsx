import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, SelectField } from '../../../components/form';
import { ErrorMessage, StatusMessage } from '../../../components/Messages';
import { useCommand } from '../../../lib/use-command';
import {
  CONTACT_REVEAL_REASONS,
  type ContactRevealReason,
  type MemberDto,
} from '../../../../../shared/contract/members';

/**
 * The member's phone, email and birthday in the member view. A cashier gets them masked
 * from main ("•••• 4821", "z•••@example.com", no birthday: members/contact-mask.ts);
 * "Show contact" asks why (a fixed list: the reason is recorded) and calls
 * `members:revealContact`, which is audited, capped per hour and — when the store says
 * so — approved by a manager on this screen (useCommand opens the approval). The full
 * data stays on screen until hidden or the member is closed; it is never stored.
 */
export function ContactFacts({ member }: { member: MemberDto }) {
  const { t } = useTranslation('members');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<ContactRevealReason | ''>('');
  const reveal = useCommand('members:revealContact', { onSuccess: () => setAsking(false) });
  const [hidden, setHidden] = useState(false);
  const shown = !hidden && reveal.result?.memberId === member.id ? reveal.result : null;
  const showButton = useRef<HTMLButtonElement>(null);
  const masked = member.contactMasked && !shown;

  // Back on the button when the dialog closes without showing (never on opening the
  // member: the counter's focus belongs to Amount then).
  const wasAsking = useRef(false);
  useEffect(() => {
    if (wasAsking.current && !asking && !shown) showButton.current?.focus({ preventScroll: true });
    wasAsking.current = asking;
  }, [asking, shown]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason === '') return;
    setHidden(false);
    void reveal.run({ memberId: member.id, reason });
  };

  const phone = shown ? shown.phoneDisplay : member.phoneDisplay;
  const email = shown ? shown.email : member.email;
  return (
    <>
      <dt>{t('fields.phone')}</dt>
      <dd className={masked ? 'masked' : undefined}>{phone ?? '—'}</dd>
      <dt>{t('fields.email')}</dt>
      <dd className={masked ? 'masked' : undefined}>{email ?? '—'}</dd>
      <dt>{t('fields.birthday')}</dt>
      <dd>
        {member.contactMasked ? (member.hasBirthday ? t('contact.birthdayHidden') : '—') : (member.birthday ?? '—')}
      </dd>
      {member.contactMasked && !member.erased ? (
        <dd className="contact-reveal">
          {shown ? (
            <>
              <StatusMessage>{t('contact.shown')}</StatusMessage>
              <button type="button" onClick={() => setHidden(true)}>
                {t('contact.hide')}
              </button>
            </>
          ) : (
            <>
              <button type="button" ref={showButton} onClick={() => setAsking(true)}>
                {t('contact.show')}
              </button>
              {!asking ? <ErrorMessage>{reveal.errorText}</ErrorMessage> : null}
            </>
          )}
        </dd>
      ) : null}
      {asking ? (
        <Dialog title={t('contact.show')} onClose={() => setAsking(false)}>
          <form onSubmit={submit} noValidate>
            <p>{t('contact.maskedNote')}</p>
            <SelectField<ContactRevealReason | ''>
              label={t('contact.reason')}
              value={reason}
              onChange={setReason}
              options={[
                { value: '', label: t('contact.reasonPick') },
                ...CONTACT_REVEAL_REASONS.map((r) => ({ value: r, label: t(`contact.reasons.${r}`) })),
              ]}
            />
            <ErrorMessage>{reveal.errorText}</ErrorMessage>
            <div className="actions">
              <button
                type="submit"
                className="primary"
                disabled={reason === ''}
                aria-disabled={reveal.busy || undefined}
              >
                {t('contact.confirm')}
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                {t('contact.cancel')}
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </>
  );
}
