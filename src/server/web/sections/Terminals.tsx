import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalStatusDto } from '../../../shared/headoffice/admin-api';
import type { ApiResult } from '../api';
import type { Formatters } from '../format';
import { RevokeDialog } from './RevokeDialog';
import { Section } from './Section';

export function Terminals(props: {
  terminals: TerminalStatusDto[];
  storeName: (id: string | null) => string;
  onlineWindowMs: number;
  token: string;
  onResult: (r: ApiResult<unknown>) => boolean;
  onChanged: () => void;
  f: Formatters;
}) {
  const { t } = useTranslation();
  const { f } = props;
  const [revoking, setRevoking] = useState<TerminalStatusDto | null>(null);
  return (
    <Section title={t('terminals.heading')}>
      {props.terminals.length === 0 ? (
        <p>{t('terminals.none')}</p>
      ) : (
        <table aria-label={t('terminals.heading')}>
          <thead>
            <tr>
              <th scope="col">{t('terminals.name')}</th>
              <th scope="col">{t('terminals.store')}</th>
              <th scope="col">{t('terminals.status')}</th>
              <th scope="col">{t('terminals.lastSeen')}</th>
              <th scope="col">{t('terminals.lastSync')}</th>
              <th scope="col" className="num">
                {t('terminals.queue')}
              </th>
              <th scope="col">{t('terminals.lag')}</th>
              <th scope="col" className="num">
                {t('terminals.attention')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('terminals.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.terminals.map((x) => (
              <tr key={x.id}>
                <th scope="row">{x.name}</th>
                <td>{props.storeName(x.storeId)}</td>
                <td>
                  <span className={`state state-${x.state}`}>{t(`terminals.state.${x.state}`)}</span>
                </td>
                <td>{f.time(x.lastSeenAt)}</td>
                <td>{f.time(x.lastSyncAt)}</td>
                <td className="num">{x.queueDepth === null ? t('terminals.unknown') : f.n(x.queueDepth)}</td>
                <td>
                  {x.syncLagMs === null
                    ? t('terminals.unknown')
                    : x.syncLagMs === 0
                      ? t('terminals.upToDate')
                      : f.duration(x.syncLagMs)}
                </td>
                <td className="num">{f.n(x.needsAttention)}</td>
                <td>
                  {x.state !== 'revoked' && (
                    <button
                      type="button"
                      aria-label={t('terminals.revokeOne', { terminal: x.name })}
                      onClick={() => setRevoking(x)}
                    >
                      {t('terminals.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">{t('terminals.onlineHint', { minutes: Math.round(props.onlineWindowMs / 60_000) })}</p>
      {revoking && (
        <RevokeDialog
          terminal={revoking}
          storeName={props.storeName(revoking.storeId)}
          token={props.token}
          onResult={props.onResult}
          onClose={(changed) => {
            setRevoking(null);
            if (changed) props.onChanged();
          }}
        />
      )}
    </Section>
  );
}
