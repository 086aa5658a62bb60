import { useTranslation } from 'react-i18next';
import type { StoreSummaryDto } from '../../../shared/headoffice/admin-api';
import type { Formatters } from '../format';
import { Section } from './Section';

export function Stores({ stores, f }: { stores: StoreSummaryDto[]; f: Formatters }) {
  const { t } = useTranslation();
  return (
    <Section title={t('stores.heading')}>
      {stores.length === 0 ? (
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
            </tr>
          </thead>
          <tbody>
            {stores.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td className="num">{f.n(s.terminals)}</td>
                <td className="num">{f.n(s.members)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
