import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_SEARCH_PAGES, type MemberSearchDto } from '../../../shared/headoffice/admin-api';
import { adminGet, type ApiResult } from '../api';
import type { Formatters } from '../format';
import { Section } from './Section';

export function MemberSearch(props: {
  token: string;
  storeName: (id: string | null) => string;
  onResult: (r: ApiResult<unknown>) => boolean;
  f: Formatters;
}) {
  const { t } = useTranslation();
  const { f } = props;
  const [q, setQ] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [found, setFound] = useState<{ q: string; result: MemberSearchDto } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = q.trim();
    if (typed.length < 2) {
      setProblem(t('search.tooShort'));
      return;
    }
    setProblem(null);
    const r = await adminGet(props.token, 'members', { q: typed });
    if (!props.onResult(r) || !r.ok) return;
    setFound({ q: typed, result: r.value });
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
