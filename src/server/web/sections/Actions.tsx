import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminActionDto, AdminActionKind } from '../../../shared/headoffice/admin-api';
import { adminGet, type ApiResult } from '../api';
import type { Formatters } from '../format';
import { Section } from './Section';

// i18next reads a dot in a key as nesting, so `store.created` is written `store_created`.
const KIND_TEXT = {
  'store.created': 'actions.kind.store_created',
  'enrolmentCode.issued': 'actions.kind.enrolmentCode_issued',
  'terminal.revoked': 'actions.kind.terminal_revoked',
  'rules.saved': 'actions.kind.rules_saved',
  'reward.saved': 'actions.kind.reward_saved',
  'member.merged': 'actions.kind.member_merged',
} as const satisfies Record<AdminActionKind, string>;

/**
 * Head office's own trail (admin_actions), newest first, a page at a time. `version`
 * moves whenever the page changes something, so the list reloads with the change.
 */
export function Actions(props: {
  token: string;
  version: number;
  storeName: (id: string | null) => string;
  onResult: (r: ApiResult<unknown>) => boolean;
  f: Formatters;
}) {
  const { t } = useTranslation();
  const { f, token, onResult } = props;
  const [actions, setActions] = useState<AdminActionDto[]>([]);
  const [more, setMore] = useState(false);

  const load = useCallback(
    async (before?: number) => {
      const r = await adminGet(token, 'actions', before === undefined ? {} : { before: String(before) });
      if (!onResult(r) || !r.ok) return;
      setActions((shown) => (before === undefined ? r.value.actions : [...shown, ...r.value.actions]));
      setMore(r.value.more);
    },
    [token, onResult],
  );
  useEffect(() => {
    void load();
  }, [load, props.version]);

  const describe = (a: AdminActionDto) =>
    t(KIND_TEXT[a.action], {
      store: a.storeId === null ? t('actions.chain') : props.storeName(a.storeId),
      name: a.details.name ?? '',
      version: a.details.version ?? '',
      time: a.details.expiresAt === undefined ? '' : f.time(a.details.expiresAt),
      merged: a.details.mergedCard ?? '',
      survivor: a.details.survivorCard ?? '',
      points: f.n(a.details.movedPoints ?? 0),
      reason: a.details.reason ?? '',
    });

  return (
    <Section title={t('actions.heading')}>
      {actions.length === 0 ? (
        <p>{t('actions.none')}</p>
      ) : (
        <table aria-label={t('actions.heading')}>
          <thead>
            <tr>
              <th scope="col">{t('actions.when')}</th>
              <th scope="col">{t('actions.what')}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>{f.time(a.at)}</td>
                <td>{describe(a)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <button type="button" onClick={() => void load(actions[actions.length - 1]?.id)}>
          {t('actions.older')}
        </button>
      )}
    </Section>
  );
}
