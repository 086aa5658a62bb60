import { useTranslation } from 'react-i18next';
import type { LiabilityDto } from '../../../shared/headoffice/admin-api';
import type { Formatters } from '../format';
import { Section } from './Section';

export function Liability(props: { liability: LiabilityDto; storeName: (id: string | null) => string; f: Formatters }) {
  const { t } = useTranslation();
  const { liability: l, f } = props;
  return (
    <Section title={t('liability.heading')}>
      <dl className="figures">
        <div>
          <dt>{t('liability.outstanding')}</dt>
          <dd>{f.n(l.outstandingPoints)}</dd>
        </div>
        <div>
          <dt>{t('liability.held')}</dt>
          <dd>{f.n(l.heldPoints)}</dd>
        </div>
        <div>
          <dt>{t('liability.members')}</dt>
          <dd>{f.n(l.membersWithPoints)}</dd>
        </div>
        <div>
          <dt>{t('liability.overdrawn')}</dt>
          <dd>{f.n(l.overdrawnPoints)}</dd>
        </div>
      </dl>
      {l.overdrawnMembers > 0 && <p>{t('liability.overdrawnMembers', { count: l.overdrawnMembers })}</p>}
      {/* Offline spending is bounded per member by each offline terminal's allowance (README "Redemption"). */}
      <p role="note" aria-label={t('liability.exposureLabel')}>
        {l.offlineExposure.terminalsOffline === 0
          ? t('liability.noneOffline')
          : t('liability.exposure', {
              count: l.offlineExposure.terminalsOffline,
              points: f.n(l.offlineExposure.perMemberPoints),
            })}
        {l.offlineExposure.unreported > 0 && ` ${t('liability.unreported', { count: l.offlineExposure.unreported })}`}
      </p>
      {l.byStore.length > 0 && (
        <table aria-label={t('liability.byStore')}>
          <thead>
            <tr>
              <th scope="col">{t('liability.store')}</th>
              <th scope="col" className="num">
                {t('liability.points')}
              </th>
              <th scope="col" className="num">
                {t('stores.members')}
              </th>
            </tr>
          </thead>
          <tbody>
            {l.byStore.map((s) => (
              <tr key={s.storeId ?? 'none'}>
                <th scope="row">{s.storeId === null ? t('liability.noStore') : props.storeName(s.storeId)}</th>
                <td className="num">{f.n(s.points)}</td>
                <td className="num">{f.n(s.members)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
