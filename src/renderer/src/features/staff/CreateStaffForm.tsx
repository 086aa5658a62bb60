import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/form';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useCommand } from '../../lib/use-command';

type NewRole = 'cashier' | 'manager';

/**
 * Managers add cashiers; the owner may also add managers (main enforces the same rule).
 * The staff list re-reads by itself after a success (`staff:create` invalidates it).
 */
export function CreateStaffForm(props: { mayCreateManagers: boolean }) {
  const { t } = useTranslation('staff');
  const { t: tShell } = useTranslation('shell');
  const { t: tAuth } = useTranslation('auth');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<NewRole>('cashier');
  const [password, setPassword] = useState('');
  const create = useCommand('staff:create', {
    onSuccess: () => {
      setUsername('');
      setDisplayName('');
      setRole('cashier');
      setPassword('');
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run({ username: username.trim(), displayName, role, password });
  };

  const roles: readonly NewRole[] = props.mayCreateManagers ? ['cashier', 'manager'] : ['cashier'];
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-staff-title">
      <h2 id="create-staff-title">{t('create.title')}</h2>
      <div className="form-grid">
        <TextField
          label={t('create.username')}
          required
          maxLength={40}
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label={t('create.displayName')}
          required
          maxLength={80}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <SelectField
          label={t('create.role')}
          value={role}
          onChange={(v) => setRole(v === 'manager' ? 'manager' : 'cashier')}
          options={roles.map((r) => ({ value: r, label: tShell(`roles.${r}`) }))}
        />
        <TextField
          label={t('create.password')}
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          // The rules before the first try, not only in the refusal after it.
          hint={tAuth('firstRun.passwordHint')}
        />
      </div>
      <ErrorMessage>{create.errorText}</ErrorMessage>
      <StatusMessage>{create.result ? t('create.created', { username: create.result.username }) : ''}</StatusMessage>
      <button type="submit" className="primary" aria-disabled={create.busy || undefined}>
        {t('create.submit')}
      </button>
    </form>
  );
}
