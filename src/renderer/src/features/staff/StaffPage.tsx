import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { useFormat } from '../../lib/use-format';
import { useSession } from '../../stores/session';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { StaffDto } from '../../../../shared/contract';
import { CreateStaffForm } from './CreateStaffForm';

/**
 * Staff administration: list, add, deactivate/reactivate, and one-time reset codes.
 * Buttons are offered only where main would allow them (no acting on yourself or the
 * owner; only the owner manages managers) — main checks again regardless.
 */
export default function StaffPage() {
  const { t } = useTranslation('staff');
  const { t: tShell } = useTranslation('shell');
  const { dateTime } = useFormat();
  const me = useSession((s) => s.staff);
  const [staff, setStaff] = useState<StaffDto[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const reload = useCallback(async () => {
    const r = await call('staff:list', {});
    if (r.ok) setStaff(r.value);
    else setError(describeError(t, 'staff:list', r.error));
  }, [t]);

  useEffect(() => {
    // Load on open; the state updates happen after the awaited call.
    void reload();
  }, [reload]);

  const mayManage = (s: StaffDto) =>
    !!me && s.id !== me.id && s.role !== 'owner' && (s.role === 'cashier' || me.role === 'owner');

  const setActive = async (s: StaffDto, active: boolean) => {
    setNotice('');
    const r = await call(active ? 'staff:reactivate' : 'staff:deactivate', { staffId: s.id });
    if (!r.ok) return setError(describeError(t, active ? 'staff:reactivate' : 'staff:deactivate', r.error));
    setError('');
    await reload();
  };

  const issueCode = async (s: StaffDto) => {
    const r = await call('staff:issueResetCode', { staffId: s.id });
    if (!r.ok) return setError(describeError(t, 'staff:issueResetCode', r.error));
    setError('');
    setNotice(t('codeIssued', { username: s.username, code: r.value.code, expires: dateTime(r.value.expiresAt) }));
  };

  return (
    <section className="page" aria-labelledby="staff-title">
      <h1 id="staff-title">{tShell('pages.staff')}</h1>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{notice}</StatusMessage>
      <table aria-label={t('listTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('columns.username')}</th>
            <th scope="col">{t('columns.displayName')}</th>
            <th scope="col">{t('columns.role')}</th>
            <th scope="col">{t('columns.status')}</th>
            <th scope="col">{t('columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} className={s.active ? undefined : 'inactive'}>
              <td>{s.username}</td>
              <td>{s.displayName}</td>
              <td>{tShell(`roles.${s.role}`)}</td>
              <td>{s.active ? t('active') : t('inactive')}</td>
              <td className="row-actions">
                {mayManage(s) ? (
                  <>
                    {s.active ? (
                      <button
                        type="button"
                        aria-label={t('deactivate', { username: s.username })}
                        onClick={() => void setActive(s, false)}
                      >
                        {t('deactivateShort')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        aria-label={t('reactivate', { username: s.username })}
                        onClick={() => void setActive(s, true)}
                      >
                        {t('reactivateShort')}
                      </button>
                    )}
                    {s.active ? (
                      <button
                        type="button"
                        aria-label={t('issueCode', { username: s.username })}
                        onClick={() => void issueCode(s)}
                      >
                        {t('issueCodeShort')}
                      </button>
                    ) : null}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateStaffForm mayCreateManagers={me?.role === 'owner'} onCreated={() => void reload()} />
    </section>
  );
}
