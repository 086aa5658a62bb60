import type { TFunction } from 'i18next';
import type { RulesStateDto, RuleVersionDto } from '../../../../shared/contract/points';

/**
 * The rules page's one sentence on which rules are in force. In a chain whose rules come
 * from head office it names head office's version only: the terminal numbers the sets it
 * holds itself (the pulled set may be its version 2 while head office calls it version 1),
 * and showing both numbers side by side, both true, read as a contradiction.
 */
export interface RulesStatement {
  text: string;
  /** Head office authors the rules here (the page shows it as a note; the editor is read-only). */
  fromHeadOffice: boolean;
}

/** `t` with the `points` and `shell` namespaces; `dateTime` as the page formats times. */
export function describeRulesState(
  t: TFunction<['points', 'shell']>,
  state: RulesStateDto,
  dateTime: (ms: number) => string,
): RulesStatement {
  const ho = state.headOffice;
  const lead = ho
    ? t(ho.inForce ? 'rules.fromHeadOffice' : 'rules.fromHeadOfficeLater', {
        version: ho.version,
        from: dateTime(ho.effectiveFrom),
      })
    : state.current.effectiveFrom === 0
      ? t('rules.inForceSinceSetup', { version: state.current.version })
      : t('rules.inForce', { version: state.current.version, from: dateTime(state.current.effectiveFrom) });
  // The head office set the lead already names is not listed again as scheduled.
  const upcoming = state.upcoming.filter((u) => !(ho && !ho.inForce && u.headOfficeVersion === ho.version));
  const scheduled =
    upcoming.length > 0
      ? ' ' +
        t('rules.upcoming', {
          list: upcoming
            .map((u) =>
              u.headOfficeVersion !== null
                ? t('rules.upcomingHeadOfficeItem', { version: u.headOfficeVersion, from: dateTime(u.effectiveFrom) })
                : t('rules.upcomingItem', { version: u.version, from: dateTime(u.effectiveFrom) }),
            )
            .join(t('shell:listSeparator')),
        })
      : '';
  return { text: lead + scheduled, fromHeadOffice: ho !== null };
}

/** The versions table's first cell: head office's number for a set pulled from there. */
export function versionLabel(t: TFunction<['points', 'shell']>, v: RuleVersionDto): string {
  return v.headOfficeVersion !== null
    ? t('rules.headOfficeVersionCell', { version: v.headOfficeVersion })
    : `v${v.version}`;
}
