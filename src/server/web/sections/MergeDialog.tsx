import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberHitDto } from '../../../shared/headoffice/admin-api';
import type { MergeResult } from '../../../shared/sync/dto';
import { adminPost, type ApiResult } from '../api';
import type { Formatters } from '../format';

/** What `members:merge` accepts as a reason (src/shared/sync/endpoints.ts: line(200, 3)). */
const REASON_MIN = 3;
const REASON_MAX = 200;

/**
 * Merging a duplicate registration from the head office page asks first: which member is
 * kept (one of the other members the search found), why (the reason is kept with the
 * merge and in head office's trail), and what it means (the points move by two new
 * entries; nothing is rewritten). Cancel is the default button; Escape cancels. One op id
 * per dialog, so a double press or a retry after a lost answer merges once.
 */
export function MergeDialog(props: {
  merged: MemberHitDto;
  candidates: MemberHitDto[];
  token: string;
  f: Formatters;
  onResult: (r: ApiResult<unknown>) => boolean;
  onClose: (done: { result: MergeResult; into: MemberHitDto } | null) => void;
}) {
  const { t } = useTranslation();
  const { merged, f } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [opId] = useState(() => crypto.randomUUID());
  const [keep, setKeep] = useState<MemberHitDto | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
    // showModal focuses the first control (a radio); the safe default is Cancel.
    cancelRef.current?.focus();
  }, []);

  const ready = keep !== null && reason.trim().length >= REASON_MIN && !busy;
  const merge = async () => {
    if (!ready) return;
    setBusy(true);
    const r = await adminPost(props.token, 'members:merge', {
      opId,
      survivorId: keep.id,
      mergedId: merged.id,
      reason: reason.trim(),
    });
    setBusy(false);
    if (!props.onResult(r) || !r.ok) return;
    props.onClose({ result: r.value, into: keep });
  };

  const name = (m: MemberHitDto) => m.name ?? t('erased');
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={() => props.onClose(null)}>
      <h2 id={titleId}>{t('search.mergeTitle', { card: merged.cardNumber })}</h2>
      <p>{t('search.mergeExplain', { card: merged.cardNumber, name: name(merged), points: f.n(merged.balance) })}</p>
      {props.candidates.length === 0 ? (
        <p className="warn">{t('search.mergeNoOther')}</p>
      ) : (
        <fieldset>
          <legend>{t('search.mergeKeep')}</legend>
          {props.candidates.map((m) => (
            <label key={m.id} className="choice">
              <input type="radio" name="keep" checked={keep?.id === m.id} onChange={() => setKeep(m)} />
              {t('search.mergeChoice', { card: m.cardNumber, name: name(m), points: f.n(m.balance) })}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('search.mergeReason')}
        <input
          type="text"
          value={reason}
          maxLength={REASON_MAX}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void merge();
            }
          }}
        />
      </label>
      <div className="row">
        <button type="button" ref={cancelRef} onClick={() => props.onClose(null)}>
          {t('search.mergeCancel')}
        </button>
        <button type="button" className="danger" disabled={!ready} onClick={() => void merge()}>
          {keep
            ? t('search.mergeConfirm', { card: merged.cardNumber, into: keep.cardNumber })
            : t('search.mergeButton')}
        </button>
      </div>
    </dialog>
  );
}
