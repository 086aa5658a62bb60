import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks for the admin token once per tab; the App keeps it in sessionStorage. */
export function TokenForm(props: { problem: string | null; onToken: (token: string) => void }) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [malformed, setMalformed] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const typed = token.trim();
    if (!/^pda1\.[A-Za-z0-9_-]{32,}$/.test(typed)) {
      setMalformed(true);
      return;
    }
    props.onToken(typed);
  };
  return (
    <main className="narrow">
      <h1>{t('title')}</h1>
      <form onSubmit={submit} className="card" aria-label={t('token.heading')}>
        <h2>{t('token.heading')}</h2>
        <p className="hint">{t('token.hint')}</p>
        <label>
          {t('token.label')}
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => {
              setToken(e.target.value);
              setMalformed(false);
            }}
          />
        </label>
        <button type="submit">{t('token.open')}</button>
        {(malformed || props.problem) && <p role="alert">{malformed ? t('token.malformed') : props.problem}</p>}
      </form>
    </main>
  );
}
