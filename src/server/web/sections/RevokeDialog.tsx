import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalStatusDto } from '../../../shared/headoffice/admin-api';
import { adminPost, type ApiResult } from '../api';

/**
 * Revoking a terminal asks first, naming it and its store, and says what it means: the
 * terminal is refused from its next request on; what it has not sent stays on it (it
 * must be enrolled again to send it). Cancel is the default button; Escape cancels.
 */
export function RevokeDialog(props: {
  terminal: TerminalStatusDto;
  storeName: string;
  token: string;
  onResult: (r: ApiResult<unknown>) => boolean;
  onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const revoke = async () => {
    if (busy) return;
    setBusy(true);
    const r = await adminPost(props.token, 'admin:revokeTerminal', { terminalId: props.terminal.id });
    props.onResult(r);
    props.onClose(r.ok);
  };

  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={() => props.onClose(false)}>
      <h2 id={titleId}>{t('terminals.revokeTitle', { terminal: props.terminal.name })}</h2>
      <p>{t('terminals.revokeExplain', { terminal: props.terminal.name, store: props.storeName })}</p>
      {props.terminal.queueDepth !== null && props.terminal.queueDepth > 0 && (
        <p className="warn">{t('terminals.revokeWaiting', { count: props.terminal.queueDepth })}</p>
      )}
      <div className="row">
        <button type="button" autoFocus onClick={() => props.onClose(false)}>
          {t('terminals.keep')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void revoke()}>
          {t('terminals.revokeConfirm', { terminal: props.terminal.name })}
        </button>
      </div>
    </dialog>
  );
}
