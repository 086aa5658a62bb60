import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../lib/api';
import { describeError } from '../../../lib/describe-error';
import { useFormat } from '../../../lib/use-format';
import { useSession } from '../../../stores/session';
import { useReportUnsaved } from '../../../stores/counter-draft';
import { ErrorMessage, StatusMessage } from '../../../components/Messages';
import type { MemberDto } from '../../../../../shared/contract/members';
import CounterActions from '../../points/CounterActions';
import { MemberForm } from './MemberForm';
import { PinPanel } from './PinPanel';
import { ContactFacts } from './ContactFacts';
import { CardPreview } from './CardPreview';
import { EraseDialog } from './EraseDialog';
import { MemberInsightsPanel } from '../../reports/MemberInsightsPanel';

/**
 * One member at the counter: contact data and card on one side, balance and tier (from
 * the points area) and its actions (award, redeem, refund: `CounterActions`) on the
 * other; edit, deactivate, PIN, print card, and — for managers — export and erase.
 */
export function MemberView({
  memberId,
  onClose,
  onMissing,
}: {
  memberId: string;
  onClose(): void;
  onMissing(message: string): void;
}) {
  const { t } = useTranslation('members');
  const { t: tShell } = useTranslation('shell');
  const { dateTime } = useFormat();
  const role = useSession((s) => s.staff?.role);
  const isManager = role === 'manager' || role === 'owner';
  const [member, setMember] = useState<MemberDto | null>(null);
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'none' | 'card' | 'erase'>('none');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  // An open edit form counts as unsaved input (the counter asks before a scan replaces it).
  useReportUnsaved('memberEdit', editing);

  // The parent passes a new onMissing on every render: held in a ref, so the member is
  // read once per member (and again after an unlock), not on every render of the counter.
  const onMissingRef = useRef(onMissing);
  useEffect(() => {
    onMissingRef.current = onMissing;
  });
  const locked = useSession((s) => s.locked);
  const load = useCallback(async () => {
    const r = await call('members:get', { memberId });
    if (r.ok) setMember(r.value);
    // Refused because the terminal locked meanwhile: the member stays open; read again after unlock.
    else if (r.error.code !== 'LOCKED') onMissingRef.current(describeError(tShell, 'members:get', r.error));
  }, [memberId, tShell]);

  useEffect(() => {
    if (!locked) void load();
  }, [load, locked]);

  if (!member) return <p aria-live="polite">{tShell('loading')}</p>;

  const changed = (m: MemberDto, message = '') => {
    setMember(m);
    setError('');
    setNotice(message);
  };

  const setActive = async (active: boolean) => {
    const r = await call(active ? 'members:reactivate' : 'members:deactivate', { memberId: member.id });
    if (!r.ok) return setError(describeError(tShell, active ? 'members:reactivate' : 'members:deactivate', r.error));
    changed(r.value, active ? t('member.reactivated') : t('member.deactivated'));
  };

  const exportData = async () => {
    const r = await call('members:exportData', { memberId: member.id });
    if (!r.ok) return setError(describeError(tShell, 'members:exportData', r.error));
    const blob = new Blob([JSON.stringify(r.value, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `perkdesk-member-${member.cardNumber}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setError('');
    setNotice(t('member.exported'));
  };

  const displayName = member.erased
    ? t('member.erasedName')
    : member.provisional
      ? t('member.provisionalName')
      : member.name;
  return (
    <article className="member-view" aria-labelledby="member-name">
      <header className="member-head">
        <div>
          <h1 id="member-name">
            {displayName}
            {!member.active && !member.erased ? <span className="badge">{t('member.inactiveBadge')}</span> : null}
          </h1>
          <p className="mono" aria-label={t('fields.cardNumber')}>
            {member.cardNumber}
          </p>
        </div>
        <button type="button" onClick={onClose}>
          {t('member.close')}
        </button>
      </header>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{notice}</StatusMessage>
      {member.erased ? <p>{t('member.erasedNotice')}</p> : null}
      {member.provisional && !member.erased ? <p>{t('member.provisionalNotice')}</p> : null}

      <div className="member-columns">
        <section className="member-details" aria-label={t('member.details')}>
          {/* Balance, tier and expiring points sit with the actions (points area); this
              side shows who the member is: segment and what they can afford. */}
          {!member.erased ? <MemberInsightsPanel memberId={member.id} /> : null}
          {editing ? (
            <MemberForm
              member={member}
              onDone={(m) => {
                setEditing(false);
                changed(m, t('member.saved'));
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <dl className="member-facts">
              <ContactFacts member={member} />
              <dt>{t('fields.marketingConsent')}</dt>
              <dd>{member.marketingConsent ? tShell('yes') : tShell('no')}</dd>
              <dt>{t('fields.createdAt')}</dt>
              <dd>{dateTime(member.createdAt)}</dd>
            </dl>
          )}
          {!member.erased && !editing ? (
            <div className="actions" aria-label={t('member.actions')} role="group">
              {/* A provisional card has no details to edit, no PIN and no state of its own to change
                  until it joins its member (sync does that). */}
              {!member.provisional ? (
                <button type="button" onClick={() => setEditing(true)}>
                  {t('member.edit')}
                </button>
              ) : null}
              <button type="button" onClick={() => setDialog('card')}>
                {t('member.printCard')}
              </button>
              {member.provisional ? null : member.active ? (
                <button type="button" onClick={() => void setActive(false)}>
                  {t('member.deactivate')}
                </button>
              ) : (
                <button type="button" onClick={() => void setActive(true)}>
                  {t('member.reactivate')}
                </button>
              )}
              {isManager ? (
                <>
                  <button type="button" onClick={() => void exportData()}>
                    {t('member.exportData')}
                  </button>
                  <button type="button" className="danger" onClick={() => setDialog('erase')}>
                    {t('member.erase')}
                  </button>
                </>
              ) : null}
            </div>
          ) : null}
          {member.erased && isManager ? (
            <div className="actions">
              <button type="button" onClick={() => void exportData()}>
                {t('member.exportData')}
              </button>
            </div>
          ) : null}
          {!member.erased && !member.provisional ? <PinPanel member={member} onChanged={(m) => changed(m)} /> : null}
        </section>
        {!member.erased && member.active ? (
          <section className="member-actions-side">
            <CounterActions memberId={member.id} />
          </section>
        ) : null}
      </div>

      {dialog === 'card' ? <CardPreview member={member} onClose={() => setDialog('none')} /> : null}
      {dialog === 'erase' ? (
        <EraseDialog
          member={member}
          onClose={() => setDialog('none')}
          onErased={(m) => {
            setDialog('none');
            changed(m, t('member.erased'));
          }}
        />
      ) : null}
    </article>
  );
}
