import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { SelectField, TextField } from '../../components/form';
import { call } from '../../lib/api';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import { describeError } from '../../lib/describe-error';
import { parseWhole } from './decimal-input';
import { usePointsFormat } from './use-points-format';

type Kind = 'generated' | 'named';

/**
 * Promo codes for the promotions that need one (issue 11 item 7): a batch of generated
 * single-use codes (crypto-random, unambiguous letters, a check character), or one named
 * code (e.g. SUMMER10) for everyone, unlimited or limited to N uses. Every batch can be
 * downloaded as CSV (for printing or a mailing); the list shows how many were used.
 */
export function PromoCodesPanel() {
  const { t } = useTranslation(['points', 'errors']);
  const { dateTime } = usePointsFormat();
  const [kind, setKind] = useState<Kind>('generated');
  const [promoProgramme, setCodeKey] = useState('');
  const [count, setCount] = useState('100');
  const [code, setCode] = useState('');
  const [maxUses, setMaxUses] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [exportError, setExportError] = useState('');
  const batches = useQuery('points:listPromoBatches', {}, { keepPrevious: true }).data ?? [];
  const create = useCommand('points:createPromoCodes');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    const n = parseWhole(count, 5000);
    const limit = maxUses.trim() === '' ? null : parseWhole(maxUses, 1_000_000);
    if ((kind === 'generated' && !n.ok) || (limit !== null && !limit.ok)) {
      setProblem(t('goals.codesProblem'));
      return;
    }
    void create.run({
      promoProgramme: promoProgramme.trim().toUpperCase(),
      ...(kind === 'generated' && n.ok ? { count: n.value } : { code: code.trim() }),
      ...(limit !== null && limit.ok ? { maxUses: limit.value } : {}),
    });
  };

  const download = async (batchId: string) => {
    setExportError('');
    const r = await call('points:exportPromoBatch', { batchId });
    if (!r.ok) return setExportError(describeError(t, 'points:exportPromoBatch', r.error));
    const url = URL.createObjectURL(new Blob([r.value.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const made = create.result;
  return (
    <section className="card rules-section" aria-labelledby="promo-codes-title">
      <h2 id="promo-codes-title">{t('goals.codesTitle')}</h2>
      <form aria-label={t('goals.codesForm')} onSubmit={submit} noValidate>
        <div className="form-grid">
          <TextField
            label={t('goals.promoCodeKey')}
            autoComplete="off"
            hint={t('goals.codesKeyHint')}
            value={promoProgramme}
            onChange={(e) => setCodeKey(e.target.value)}
          />
          <SelectField
            label={t('goals.codesKind')}
            value={kind}
            onChange={(v) => setKind(v)}
            options={(['generated', 'named'] as const).map((k) => ({ value: k, label: t(`goals.codesKinds.${k}`) }))}
          />
          {kind === 'generated' ? (
            <TextField
              label={t('goals.codesCount')}
              inputMode="numeric"
              autoComplete="off"
              value={count}
              onChange={(e) => setCount(e.target.value)}
            />
          ) : (
            <TextField
              label={t('goals.codesNamed')}
              autoComplete="off"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
          <TextField
            label={t('goals.codesMaxUses')}
            inputMode="numeric"
            autoComplete="off"
            hint={t(`goals.codesMaxUsesHint.${kind}`)}
            value={maxUses}
            error={problem}
            onChange={(e) => setMaxUses(e.target.value)}
          />
        </div>
        <button type="submit" aria-disabled={create.busy || undefined}>
          {t('goals.codesCreate')}
        </button>
        <ErrorMessage>{create.errorText}</ErrorMessage>
        <StatusMessage>
          {made
            ? t('goals.codesCreated', {
                count: made.count,
                key: made.promoProgramme,
                first: made.codes.slice(0, 3).join(', '),
              })
            : ''}
        </StatusMessage>
      </form>
      {batches.length > 0 ? (
        <table aria-label={t('goals.codesBatches')}>
          <thead>
            <tr>
              <th scope="col">{t('goals.promoCodeKey')}</th>
              <th scope="col">{t('goals.codesCreatedAt')}</th>
              <th scope="col">{t('goals.codesUsed')}</th>
              <th scope="col">{t('goals.codesExport')}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.batchId}>
                <td>{b.promoProgramme}</td>
                <td>{dateTime(b.createdAt)}</td>
                <td>
                  {t('goals.codesUsedOf', {
                    used: b.used,
                    count: b.count,
                    limit: b.maxUses === null ? t('goals.unlimited') : String(b.maxUses),
                  })}
                </td>
                <td>
                  <button type="button" onClick={() => void download(b.batchId)}>
                    {t('goals.codesDownload', { key: b.promoProgramme, date: dateTime(b.createdAt) })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorMessage>{exportError}</ErrorMessage>
    </section>
  );
}
