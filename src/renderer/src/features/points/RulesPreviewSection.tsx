import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { usePointsFormat } from './use-points-format';
import type { RulesDraftForm } from './use-rules-draft';

/**
 * When the new version takes effect, the what-if preview (what the last 50 purchases
 * would have earned; nothing is written) and Save, which is only enabled for exactly
 * the rules and date that were previewed, so no change is saved unseen.
 */
export function RulesPreviewSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  const { money, dateTime, pts, explain } = usePointsFormat();
  const preview = form.preview.result;
  return (
    <section className="card rules-section" aria-labelledby="rules-save-title">
      <h2 id="rules-save-title">{t('rules.saveTitle')}</h2>
      <TextField
        label={t('rules.effective')}
        fieldClassName="narrow"
        type="date"
        value={form.effective}
        error={form.problem('effective')}
        hint={t('rules.effectiveHint')}
        onChange={(e) => form.setEffective(e.target.value)}
      />
      <TextField
        label={t('rules.programmeEnds')}
        fieldClassName="narrow"
        type="date"
        value={form.draft.programmeEnds}
        error={form.problem('endsAt')}
        hint={t('rules.programmeEndsHint')}
        onChange={(e) => form.set('programmeEnds', e.target.value)}
      />
      <div className="actions">
        <button type="button" aria-disabled={form.preview.busy || undefined} onClick={form.runPreview}>
          {t('rules.preview')}
        </button>
        <button
          type="submit"
          className="primary"
          disabled={!form.isPreviewCurrent}
          aria-disabled={form.save.busy || undefined}
        >
          {t('rules.save')}
        </button>
      </div>
      {!form.isPreviewCurrent ? <p className="hint">{t('rules.previewFirst')}</p> : null}
      <ErrorMessage>{form.errorText}</ErrorMessage>
      {preview ? (
        <div className="rules-preview" aria-live="polite">
          <h3>{t('rules.previewTitle')}</h3>
          {preview.totals.purchases === 0 ? (
            <p>{t('rules.previewNone')}</p>
          ) : (
            <>
              <p role="note" aria-label={t('rules.previewTotals')}>
                {t('rules.previewTotalsLine', {
                  count: preview.totals.purchases,
                  actual: pts(preview.totals.actualPoints),
                  proposed: pts(preview.totals.proposedPoints),
                  difference: pts(preview.totals.difference, true),
                })}
              </p>
              <table aria-label={t('rules.previewTitle')}>
                <thead>
                  <tr>
                    <th scope="col">{t('rules.previewReceipt')}</th>
                    <th scope="col">{t('rules.previewWhen')}</th>
                    <th scope="col">{t('rules.previewPaid')}</th>
                    <th scope="col">{t('rules.previewActual')}</th>
                    <th scope="col">{t('rules.previewProposed')}</th>
                    <th scope="col">{t('rules.previewDiff')}</th>
                    <th scope="col">{t('rules.previewExplanation')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => {
                    const diff = r.proposedPoints - r.actualPoints;
                    return (
                      <tr key={r.purchaseId}>
                        <td>{r.receiptNo}</td>
                        <td>{dateTime(r.createdAt)}</td>
                        <td>{money(r.paidMinor)}</td>
                        <td>
                          {pts(r.actualPoints)} (v{r.actualRuleVersion})
                        </td>
                        <td>{pts(r.proposedPoints)}</td>
                        <td className={diff > 0 ? 'diff-pos' : diff < 0 ? 'diff-neg' : undefined}>{pts(diff, true)}</td>
                        <td className="details">{explain(r.proposedFacts, { receipt: false })}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
