import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreSummaryDto } from '../../../shared/headoffice/admin-api';
import type { EnrolmentCodeDto } from '../../../shared/sync';
import { adminPost, type ApiResult } from '../api';
import type { Formatters } from '../format';
import { Section } from './Section';

/**
 * The chain's stores, a new store, and an enrolment code for a store's next terminal. The
 * code is shown here once (head office keeps only its hash) until another is issued or
 * the page is left; it is typed at the terminal (Head office → Join head office).
 */
export function Stores(props: {
  stores: StoreSummaryDto[];
  token: string;
  onResult: (r: ApiResult<unknown>) => boolean;
  onChanged: () => void;
  f: Formatters;
}) {
  const { t } = useTranslation();
  const { f } = props;
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<(EnrolmentCodeDto & { storeName: string }) | null>(null);

  // One change at a time: a double click sends one request.
  const run = async <T,>(work: () => Promise<ApiResult<T>>, done: (value: T) => void) => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await work();
      if (props.onResult(r) && r.ok) done(r.value);
    } finally {
      setBusy(false);
    }
  };

  const addStore = (e: FormEvent) => {
    e.preventDefault();
    const typed = name.trim();
    if (typed === '') return;
    void run(
      () => adminPost(props.token, 'admin:createStore', { name: typed }),
      () => {
        setName('');
        props.onChanged();
      },
    );
  };

  return (
    <Section title={t('stores.heading')}>
      {props.stores.length === 0 ? (
        <p>{t('stores.none')}</p>
      ) : (
        <table aria-label={t('stores.heading')}>
          <thead>
            <tr>
              <th scope="col">{t('stores.name')}</th>
              <th scope="col" className="num">
                {t('stores.terminals')}
              </th>
              <th scope="col" className="num">
                {t('stores.members')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('stores.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.stores.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td className="num">{f.n(s.terminals)}</td>
                <td className="num">{f.n(s.members)}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={t('stores.issueCodeFor', { store: s.name })}
                    onClick={() =>
                      void run(
                        () => adminPost(props.token, 'admin:issueEnrolmentCode', { storeId: s.id }),
                        (code) => {
                          setIssued({ ...code, storeName: s.name });
                          props.onChanged();
                        },
                      )
                    }
                  >
                    {t('stores.issueCode')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issued && (
        <p role="status" className="issued">
          {t('stores.codeIssued', { store: issued.storeName, time: f.time(issued.expiresAt) })}{' '}
          <code aria-label={t('stores.code')}>{issued.code}</code>
        </p>
      )}
      <form className="row" onSubmit={addStore} aria-label={t('stores.add')}>
        <label>
          {t('stores.newName')}
          <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || name.trim() === ''}>
          {t('stores.add')}
        </button>
      </form>
    </Section>
  );
}
