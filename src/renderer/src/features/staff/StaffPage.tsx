import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
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
  const list = useQuery('staff:list', {}, { keepPrevious: true });
  const staff = list.data ?? [];
  // The list re-reads by itself after these (they invalidate staff:list).
  const deactivate = useCommand('staff:deactivate', { onSuccess: () => issueCode.reset() });
  const reactivate = useCommand('staff:reactivate', { onSuccess: () => issueCode.reset() });
  const [codeFor, setCodeFor] = useState('');
  const issueCode = useCommand('staff:issueResetCode');
  const issued = issueCode.result;
  const error = list.errorText || deactivate.errorText || reactivate.errorText || issueCode.errorText;

  const mayManage = (s: StaffDto) =>
    !!me && s.id !== me.id && s.role !== 'owner' && (s.role === 'cashier' || me.role === 'owner');

  const setActive = (s: StaffDto, active: boolean) => void (active ? reactivate : deactivate).run({ staffId: s.id });
  const issueFor = (s: StaffDto) => {
    setCodeFor(s.username);
    void issueCode.run({ staffId: s.id });
  };

  return (
    <section className="page" aria-labelledby="staff-title">
      <h1 id="staff-title">{tShell('pages.staff')}</h1>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>
        {issued ? t('codeIssued', { username: codeFor, code: issued.code, expires: dateTime(issued.expiresAt) }) : ''}
      </StatusMessage>
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
                        onClick={() => setActive(s, false)}
                      >
                        {t('deactivateShort')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        aria-label={t('reactivate', { username: s.username })}
                        onClick={() => setActive(s, true)}
                      >
                        {t('reactivateShort')}
                      </button>
                    )}
                    {s.active ? (
                      <button
                        type="button"
                        aria-label={t('issueCode', { username: s.username })}
                        onClick={() => issueFor(s)}
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
      <CreateStaffForm mayCreateManagers={me?.role === 'owner'} />
    </section>
  );
}
