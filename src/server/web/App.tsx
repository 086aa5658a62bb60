import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverviewDto } from '../../shared/headoffice/admin-api';
import { adminGet, forgetToken, keepToken, readToken, type ApiResult } from './api';
import { formatters } from './format';
import { LANGUAGES, setLanguage, type Language } from './i18n';
import { Actions } from './sections/Actions';
import { Liability } from './sections/Liability';
import { MemberSearch } from './sections/MemberSearch';
import { Reports } from './sections/Reports';
import { Stores } from './sections/Stores';
import { Terminals } from './sections/Terminals';
import { TokenForm } from './TokenForm';

/**
 * The head office page, after the admin token: the chain's stores, terminals, liability,
 * members and reports; new stores, enrolment codes and revoking a terminal; and head
 * office's own trail of those.
 */
export function App() {
  const { t, i18n } = useTranslation();
  const [token, setToken] = useState<string | null>(readToken);
  const [tokenProblem, setTokenProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [overview, setOverview] = useState<OverviewDto | null>(null);
  // Moves on every change made from this page: the trail reloads with it.
  const [changes, setChanges] = useState(0);
  const f = useMemo(() => formatters(i18n.language, t), [i18n.language, t]);

  /** Every answer passes here: a refused token sends the manager back to the form. */
  const onResult = useCallback(
    (r: ApiResult<unknown>): boolean => {
      if (r.ok) {
        setProblem(null);
        return true;
      }
      if (r.kind === 'unauthenticated') {
        forgetToken();
        setToken(null);
        setOverview(null);
        setTokenProblem(t('token.rejected'));
      } else {
        setProblem(t(r.kind === 'unreachable' ? 'error.unreachable' : 'error.failed', { message: r.message }));
      }
      return false;
    },
    [t],
  );

  const refresh = useCallback(async () => {
    if (!token) return;
    const r = await adminGet(token, 'overview');
    if (onResult(r) && r.ok) setOverview(r.value);
  }, [token, onResult]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const changed = useCallback(() => {
    setChanges((n) => n + 1);
    void refresh();
  }, [refresh]);

  const storeName = useCallback(
    (id: string | null) => overview?.stores.find((s) => s.id === id)?.name ?? '—',
    [overview],
  );

  const languagePicker = (
    <label className="language">
      {t('language')}
      <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );

  if (!token) {
    return (
      <>
        <header className="bar">{languagePicker}</header>
        <TokenForm
          problem={tokenProblem}
          onToken={(typed) => {
            keepToken(typed);
            setTokenProblem(null);
            setToken(typed);
          }}
        />
      </>
    );
  }

  return (
    <>
      <header className="bar">
        <h1>{t('title')}</h1>
        <span className="hint" role="status">
          {overview ? t('updatedAt', { time: f.time(overview.serverTime) }) : t('loading')}
        </span>
        <button type="button" onClick={() => void refresh()}>
          {t('refresh')}
        </button>
        {languagePicker}
        <button
          type="button"
          onClick={() => {
            forgetToken();
            setToken(null);
            setOverview(null);
          }}
        >
          {t('token.forget')}
        </button>
      </header>
      <main>
        {problem && <p role="alert">{problem}</p>}
        {overview && (
          <>
            <div className="columns">
              <Stores stores={overview.stores} token={token} onResult={onResult} onChanged={changed} f={f} />
              <Liability liability={overview.liability} storeName={storeName} f={f} />
            </div>
            <Terminals
              terminals={overview.terminals}
              storeName={storeName}
              onlineWindowMs={overview.onlineWindowMs}
              token={token}
              onResult={onResult}
              onChanged={changed}
              f={f}
            />
          </>
        )}
        <MemberSearch token={token} storeName={storeName} onResult={onResult} onChanged={changed} f={f} />
        <Reports token={token} storeName={storeName} onResult={onResult} f={f} />
        <Actions token={token} version={changes} storeName={storeName} onResult={onResult} f={f} />
      </main>
    </>
  );
}
