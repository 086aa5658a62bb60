import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { Field, SelectField } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { StaffDto } from '../../../../shared/contract';

/** Managers add cashiers; the owner may also add managers (main enforces the same rule). */
export function CreateStaffForm(props: { mayCreateManagers: boolean; onCreated(staff: StaffDto): void }) {
  const { t } = useTranslation('staff');
  const { t: tShell } = useTranslation('shell');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<'cashier' | 'manager'>('cashier');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    const r = await call('staff:create', { username: username.trim(), displayName, role, password });
    if (!r.ok) return setError(describeError(t, 'staff:create', r.error));
    setError('');
    setDone(t('create.created', { username: r.value.username }));
    setUsername('');
    setDisplayName('');
    setPassword('');
    props.onCreated(r.value);
  };

  const roles = props.mayCreateManagers ? (['cashier', 'manager'] as const) : (['cashier'] as const);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-staff-title">
      <h2 id="create-staff-title">{t('create.title')}</h2>
      <div className="form-grid">
        <Field
          label={t('create.username')}
          required
          maxLength={40}
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
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
        <Field
          label={t('create.password')}
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{done}</StatusMessage>
      <button type="submit" className="primary">
        {t('create.submit')}
      </button>
    </form>
  );
}
