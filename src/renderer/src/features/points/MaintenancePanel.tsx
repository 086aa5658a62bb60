import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import { useFormat } from '../../lib/use-format';
import { formatDate } from '../../lib/dates';
import { BULK_CLEAR_CONFIRMATION } from '../../../../shared/contract/points';
import { dateInputToLocalMidnight } from './rules-form';
import { usePointsFormat } from './use-points-format';

/**
 * Programme maintenance for managers: bulk clear (reason + the exact confirmation
 * phrase typed, optionally only members inactive since a date), run the expiry now,
 * and check that every cached balance equals the sum of its ledger entries. Each action
 * shows its own outcome beside it.
 *
 * The phrase the manager types is in the UI language (`maintenance.confirmPhrase`:
 * "CLEAR ALL POINTS", "清零全部积分"; with a date `confirmPhraseInactive`, so the words
 * typed say what is cleared) and is checked here; main's schema requires the contract's
 * language-neutral token BULK_CLEAR_CONFIRMATION, which only this screen sends.
 *
 * Before anything is typed the panel shows what the clear would take, from
 * `points:bulkClearPreview` with the same date (members, points), and the button
 * repeats it; with nothing to clear the button stays disabled.
 */
export function MaintenancePanel() {
  const { t } = useTranslation('points');
  const { pts } = usePointsFormat();
  const [reason, setReason] = useState('');
  const [inactiveSince, setInactiveSince] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const bulk = useCommand('points:bulkClear', {
    onSuccess: () => {
      setReason('');
      setConfirmation('');
    },
  });
  const expiry = useCommand('points:runExpiry');
  const chain = useQuery('sync:status', {}, { keepPrevious: true }).data?.mode === 'chain';
  const ledger = useCommand('points:checkLedger');
  const { locale } = useFormat();
  const since = inactiveSince === '' ? undefined : dateInputToLocalMidnight(inactiveSince);
  const preview = useQuery(
    'points:bulkClearPreview',
    since === null ? null : since === undefined ? {} : { inactiveSince: since },
  );
  const phrase = t(since === undefined ? 'maintenance.confirmPhrase' : 'maintenance.confirmPhraseInactive');
  const confirmed = typedPhrase(confirmation) === typedPhrase(phrase);
  const will = preview.data;
  const nothing = will !== null && will.members === 0;

  const bulkClear = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return bulk.refuse(t('manager.reasonNeeded'));
    if (!confirmed) return bulk.refuse(t('maintenance.confirmMismatch', { phrase }));
    if (since === null) return bulk.refuse(t('maintenance.dateProblem'));
    void bulk.run({
      reason: reason.trim(),
      confirmation: BULK_CLEAR_CONFIRMATION,
      ...(since !== undefined ? { inactiveSince: since } : {}),
    });
  };

  const checked = ledger.result;
  return (
    <section className="card rules-section" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">{t('maintenance.title')}</h2>
      <div className="actions">
        {/* Chain mode: head office expires the chain's points, main refuses a run here
            (expiryAtHeadOffice); say so instead of offering a button that cannot work. */}
        {chain ? null : (
          <button type="button" aria-disabled={expiry.busy || undefined} onClick={() => void expiry.run({})}>
            {t('maintenance.runExpiry')}
          </button>
        )}
        <button type="button" aria-disabled={ledger.busy || undefined} onClick={() => void ledger.run({})}>
          {t('maintenance.checkLedger')}
        </button>
      </div>
      {chain ? <p className="hint">{t('maintenance.expiryAtHeadOffice')}</p> : null}
      <ErrorMessage>{expiry.errorText || ledger.errorText}</ErrorMessage>
      <StatusMessage>
        {expiry.result
          ? t('maintenance.expired', { count: expiry.result.members, points: pts(expiry.result.pointsExpired) })
          : ''}
      </StatusMessage>
      <StatusMessage>
        {checked
          ? checked.ok
            ? t('maintenance.ledgerOk', { count: checked.membersChecked })
            : t('maintenance.ledgerBad', { count: checked.mismatches.length })
          : ''}
      </StatusMessage>
      <form aria-label={t('maintenance.bulkForm')} onSubmit={bulkClear} className="narrow">
        <h3>{t('maintenance.bulkTitle')}</h3>
        <p className="hint">{t('maintenance.bulkExplain')}</p>
        <TextField
          label={t('manager.reason')}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <TextField
          label={t('maintenance.inactiveSince')}
          type="date"
          value={inactiveSince}
          onChange={(e) => setInactiveSince(e.target.value)}
        />
        <p className="hint" role="status" aria-label={t('maintenance.previewLabel')}>
          {since === null
            ? t('maintenance.dateProblem')
            : will === null
              ? preview.errorText
              : nothing
                ? t('maintenance.previewNothing')
                : since === undefined
                  ? t('maintenance.previewAll', { count: will.members, points: pts(will.pointsCleared) })
                  : t('maintenance.previewInactive', {
                      count: will.members,
                      points: pts(will.pointsCleared),
                      date: formatDate(since, locale),
                    })}
        </p>
        <TextField
          label={t('maintenance.typeConfirm', { phrase })}
          autoComplete="off"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
        />
        <button
          type="submit"
          className="danger"
          aria-disabled={bulk.busy || undefined}
          disabled={!confirmed || will === null || nothing}
        >
          {will && !nothing
            ? t('maintenance.bulkSubmitCount', { count: will.members, points: pts(will.pointsCleared) })
            : t('maintenance.bulkSubmit')}
        </button>
        <ErrorMessage>{bulk.errorText}</ErrorMessage>
        <StatusMessage>
          {bulk.result
            ? t('maintenance.cleared', { count: bulk.result.members, points: pts(bulk.result.pointsCleared) })
            : ''}
        </StatusMessage>
      </form>
    </section>
  );
}

/** Full-width letters from an IME and stray spaces do not make a typed phrase wrong; case does. */
function typedPhrase(s: string): string {
  return s.normalize('NFKC').trim();
}
