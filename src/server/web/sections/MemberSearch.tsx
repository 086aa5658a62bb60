import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_SEARCH_PAGES, type MemberHitDto, type MemberSearchDto } from '../../../shared/headoffice/admin-api';
import { adminGet, type ApiResult } from '../api';
import type { Formatters } from '../format';
import { MergeDialog } from './MergeDialog';
import { Section } from './Section';

export function MemberSearch(props: {
  token: string;
  storeName: (id: string | null) => string;
  onResult: (r: ApiResult<unknown>) => boolean;
  /** After a merge: head office's trail and figures changed. */
  onChanged: () => void;
  f: Formatters;
}) {
  const { t } = useTranslation();
  const { f } = props;
  const [q, setQ] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [found, setFound] = useState<{ q: string; result: MemberSearchDto } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [merging, setMerging] = useState<MemberHitDto | null>(null);
  const [mergedText, setMergedText] = useState<string | null>(null);

  const search = async (typed: string) => {
    const r = await adminGet(props.token, 'members', { q: typed });
    if (!props.onResult(r) || !r.ok) return;
    setFound({ q: typed, result: r.value });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = q.trim();
    if (typed.length < 2) {
      setProblem(t('search.tooShort'));
      return;
    }
    setProblem(null);
    setMergedText(null);
    await search(typed);
  };

  // The next page of the same search, added below what is shown.
  const showMore = async () => {
    if (!found || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = found.result.page + 1;
      const r = await adminGet(props.token, 'members', { q: found.q, page: String(page) });
      if (!props.onResult(r) || !r.ok) return;
      const next = r.value;
      setFound((f) => f && { q: f.q, result: { ...next, members: [...f.result.members, ...next.members] } });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Section title={t('search.heading')}>
      <form role="search" onSubmit={submit} className="row">
        <label>
          {t('search.label')}
          <input type="search" value={q} maxLength={80} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit">{t('search.submit')}</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {mergedText && <p role="status">{mergedText}</p>}
      {merging && found && (
        <MergeDialog
          merged={merging}
          candidates={found.result.members.filter((m) => m.id !== merging.id && m.name !== null)}
          token={props.token}
          f={f}
          onResult={props.onResult}
          onClose={(done) => {
            const from = merging;
            setMerging(null);
            if (!done) return;
            setMergedText(
              t('search.merged', {
                card: from.cardNumber,
                into: done.into.cardNumber,
                points: f.n(done.result.movedPoints),
                balance: f.n(done.result.balance.balance),
              }),
            );
            props.onChanged();
            void search(found.q);
          }}
        />
      )}
      {found &&
        (found.result.members.length === 0 ? (
          <p role="status">{t('search.none', { q: found.q })}</p>
        ) : (
          <>
            <table aria-label={t('search.results')}>
              <thead>
                <tr>
                  <th scope="col">{t('search.card')}</th>
                  <th scope="col">{t('search.name')}</th>
                  <th scope="col">{t('search.phone')}</th>
                  <th scope="col">{t('search.homeStore')}</th>
                  <th scope="col" className="num">
                    {t('search.balance')}
                  </th>
                  <th scope="col" className="num">
                    {t('search.held')}
                  </th>
                  <th scope="col">{t('search.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {found.result.members.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">{m.cardNumber}</th>
                    <td>
                      {m.name ?? t('erased')} {!m.active && t('search.inactive')}
                    </td>
                    <td>{m.phone ?? ''}</td>
                    <td>{props.storeName(m.homeStoreId)}</td>
                    <td className="num">{f.n(m.balance)}</td>
                    <td className="num">{f.n(m.held)}</td>
                    <td>
                      {m.name !== null && (
                        <button
                          type="button"
                          aria-label={t('search.mergeOne', { card: m.cardNumber })}
                          onClick={() => setMerging(m)}
                        >
                          {t('search.merge')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {found.result.more &&
              (found.result.page < MEMBER_SEARCH_PAGES ? (
                <button type="button" disabled={loadingMore} onClick={() => void showMore()}>
                  {t('search.more', { count: found.result.members.length })}
                </button>
              ) : (
                <p className="hint">{t('search.truncated', { count: found.result.members.length })}</p>
              ))}
          </>
        ))}
    </Section>
  );
}
