import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { focusFirstProblem } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import type { RuleSetDto } from '../../../../shared/contract/points';
import { buildRules, dateInputToLocalMidnight, draftFromRules, type RuleProblems, type RulesDraft } from './rules-form';
import { usePointsFormat } from './use-points-format';

/** The draft's lists of rows, each row with a stable `key`. */
type ListKey = 'tiers' | 'categories' | 'skus' | 'unitSkus' | 'unitCategories' | 'promotions' | 'spendRules' | 'goals';
type RowOf<K extends ListKey> = RulesDraft[K][number];

/**
 * The rules editor's state: the draft as typed, the problems of the last preview or
 * save attempt by RuleSet path, the what-if preview (and for exactly which rules and
 * date it was made: Save is only offered for those) and the save. Sections read and
 * edit it; after a refused attempt the first field with a problem takes the focus.
 */
export function useRulesDraft(base: RuleSetDto, onSaved: (saved: RuleSetDto) => void) {
  const { t } = useTranslation('points');
  const { digits } = usePointsFormat();
  const [draft, setDraft] = useState<RulesDraft>(() => draftFromRules(base.rules, digits));
  const [effective, setEffective] = useState('');
  const [problems, setProblems] = useState<RuleProblems>({});
  const [refusals, setRefusals] = useState(0);
  const [previewKey, setPreviewKey] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const preview = useCommand('points:previewRules');
  const save = useCommand('points:saveRules', { onSuccess: onSaved });

  // Main's answer to the last attempt, placed (describeFieldErrors): what it says about the
  // date goes on the date. The rules themselves were checked here by the same schema, so
  // anything main finds in them is shown under the buttons with the rest.
  const answer = save.errorText ? save.fieldErrors : preview.fieldErrors;
  const { effectiveFrom: answerOnDate, ...answerElsewhere } = answer.fields;

  const built = useMemo(() => buildRules(draft, digits), [draft, digits]);
  const effectiveFrom = effective === '' ? undefined : dateInputToLocalMidnight(effective);
  const currentKey = built.ok ? JSON.stringify([built.rules, effective]) : null;
  const isPreviewCurrent = preview.result !== null && !preview.busy && previewKey === currentKey;

  // After a refused attempt has rendered its problems: the first one takes the focus.
  useEffect(() => {
    if (refusals > 0) focusFirstProblem(formRef.current);
  }, [refusals]);
  useEffect(() => {
    if (answerOnDate) focusFirstProblem(formRef.current);
  }, [answerOnDate]);

  const refuse = (next: RuleProblems) => {
    setProblems(next);
    preview.refuse(t('rules.fixFields'));
    setRefusals((n) => n + 1);
  };

  const runPreview = () => {
    // One preview at a time; its answer belongs to the rules it was asked for.
    if (preview.busy) return;
    save.reset();
    if (!built.ok) return refuse(built.problems);
    if (effectiveFrom === null || (effectiveFrom !== undefined && effectiveFrom <= Date.now())) {
      return refuse({ effective: 'future' });
    }
    // The programme window must end after it starts (main refuses it too: endsBeforeEffective).
    if (built.rules.endsAt !== undefined && built.rules.endsAt <= (effectiveFrom ?? Date.now())) {
      return refuse({ endsAt: 'endBeforeEffective' });
    }
    setProblems({});
    setPreviewKey(currentKey);
    void preview.run({ rules: built.rules, lastN: 50 });
  };

  const submit = () => {
    if (!built.ok || !isPreviewCurrent) return runPreview();
    void save.run({
      rules: built.rules,
      ...(effectiveFrom !== undefined && effectiveFrom !== null ? { effectiveFrom } : {}),
    });
  };

  return {
    draft,
    set<K extends keyof RulesDraft>(k: K, v: RulesDraft[K]) {
      setDraft((d) => ({ ...d, [k]: v }));
    },
    addRow<K extends ListKey>(list: K, row: RowOf<K>) {
      setDraft((d) => ({ ...d, [list]: [...d[list], row] }));
    },
    updateRow<K extends ListKey>(list: K, key: number, patch: Partial<RowOf<K>>) {
      setDraft((d) => ({ ...d, [list]: d[list].map((x) => (x.key === key ? { ...x, ...patch } : x)) }));
    },
    removeRow(list: ListKey, key: number) {
      setDraft((d) => ({ ...d, [list]: d[list].filter((x) => x.key !== key) }));
    },
    /** The problem at a RuleSet path (or `effective`, the date), as text; undefined when none. */
    problem(path: string): string | undefined {
      if (problems[path]) return t(`rules.problems.${problems[path]}`);
      return path === 'effective' ? answerOnDate : undefined;
    },
    effective,
    setEffective,
    formRef,
    preview,
    save,
    isPreviewCurrent,
    runPreview,
    submit,
    /** What to show under the buttons: the last refusal, or what main said that has no field here. */
    errorText: answer.general || Object.values(answerElsewhere).join(' '),
  };
}

export type RulesDraftForm = ReturnType<typeof useRulesDraft>;
