import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, newOperationId } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { useFocusTarget, requestFocus } from '../../stores/focus';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { isCardNumber } from '../../../../shared/contract/members';
import { useMemberSearch } from './use-member-search';
import { useMemberEvents } from './member-events';
import { MemberView } from './components/MemberView';
import { MemberForm } from './components/MemberForm';
import { ConfirmStep } from '../points/ConfirmStep';
import { hasUnsavedInput, useReportUnsaved } from '../../stores/counter-draft';
import { useWedgeScan } from './use-wedge-scan';
import { useAppSettings } from '../../stores/settings';
import { readReceiptScan, useScannedReceipt } from '../points/receipt-scan';
import './members.css';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The counter: one search box (focused on open; F2 or / bring it back, via the shell's
 * focus store), results as you type, and the member view.
 *
 * A keyboard-wedge scanner "types" the 13 card digits in a few milliseconds and ends
 * with Enter: Enter on an exact card number opens that member at once (no waiting for
 * the debounced search). Otherwise ↑/↓ choose a result and Enter opens it. Esc closes
 * the member and returns to the search box with the last query selected, so the next
 * scan simply replaces it.
 *
 * With a member open (or the register form), stray digits on a button or the page go
 * nowhere — they used to land in the visible search box and close the member (a PIN
 * typed after "Set PIN" showed there). A card scan is recognised anywhere instead
 * (use-wedge-scan.ts) and opens that member; whatever would lose unsaved input (a scan,
 * typing a new search, Esc, Close) asks first.
 */
type Leave = { kind: 'scan'; card: string } | { kind: 'search'; before: string } | { kind: 'close' };

export default function CounterPage() {
  const { t } = useTranslation('members');
  const { t: tShell } = useTranslation('shell');
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  /** An action that would throw away unsaved input, waiting for the cashier's yes. */
  const [leave, setLeave] = useState<Leave | null>(null);
  /** A card neither this store nor head office (unreachable) could answer for: offered to record provisionally. */
  const [offer, setOffer] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusTarget('counterSearch', inputRef);
  const search = useMemberSearch(memberId || registering ? '' : query);
  const results = search.result?.results ?? [];

  const open = useCallback((id: string) => {
    setMemberId(id);
    setRegistering(false);
    setError('');
  }, []);

  const close = useCallback(() => {
    setMemberId(null);
    setNotice('');
    requestFocus('counterSearch');
    // Select the old query: typing or the next scan replaces it.
    setTimeout(() => inputRef.current?.select(), 0);
  }, []);

  useReportUnsaved('register', registering);
  const memberOpen = memberId !== null || registering;
  const memberOpenRef = useRef(memberOpen);
  const memberIdRef = useRef(memberId);
  useEffect(() => {
    memberOpenRef.current = memberOpen;
    memberIdRef.current = memberId;
  });

  // The member list asks the counter to open someone.
  const pendingOpen = useMemberEvents((s) => s.pendingOpen);
  useEffect(() => {
    if (!pendingOpen) return;
    const id = useMemberEvents.getState().takePendingOpen();
    if (id) open(id);
  }, [pendingOpen, open]);

  // Esc closes the member from anywhere on the page (dialogs handle their own Esc first).
  useEffect(() => {
    if (!memberId) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        if (hasUnsavedInput()) setLeave({ kind: 'close' });
        else close();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [memberId, close]);

  // A scan while the focus is on a button or nowhere (e.g. after opening a member): the
  // first digit moves the focus to the search box, with its old text selected, during
  // the keydown — so the browser types that digit (and the rest of the card, and its
  // Enter) into the box itself, replacing the old query. No state is set here: a
  // scanner types faster than React re-renders, and the box's own onChange stays the
  // one source of the query. Digits typed into another field (an amount) are left alone.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || !/^\d$/.test(e.key)) return;
      if (isTypingTarget(e.target) || document.querySelector('[aria-modal="true"]')) return;
      // A member (or the register form) is open: stray digits go nowhere (a scan is
      // recognised by useWedgeScan below).
      if (memberOpenRef.current) return;
      const input = inputRef.current;
      if (!input) return;
      input.focus();
      input.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const openByCard = async (card: string) => {
    setOffer(null);
    const r = await call('members:lookupCard', { cardNumber: card });
    if (r.ok) return open(r.value.id);
    if (r.error.code !== 'NOT_FOUND') return setError(describeError(tShell, 'members:lookupCard', r.error));
    // Chain mode: head office is asked (what it finds is kept here). A single terminal is
    // refused at once (syncNotEnrolled) and the counter says what it always said.
    const asked = await call('sync:lookup', { cardNumber: card });
    if (asked.ok && asked.value.memberIds.length > 0) return open(asked.value.memberIds[0]);
    // Head office could not be asked: the card may earn now, matched when the line is back.
    if (asked.ok && asked.value.canRecordProvisional) return setOffer(card);
    setError(t('search.cardNotFound', { card }));
  };

  const recordProvisional = async (card: string) => {
    const r = await call('members:recordProvisional', { cardNumber: card, opId: newOperationId() });
    setOffer(null);
    if (!r.ok) return setError(describeError(tShell, 'members:recordProvisional', r.error));
    open(r.value.id);
  };

  // A card scanned while a member or the register form is open, wherever the focus was.
  const skipSearchBox = useCallback(() => inputRef.current, []);
  useWedgeScan(
    memberOpen,
    (card) => {
      // After the field the digits fell into got its old text back (and reported it).
      setTimeout(() => {
        if (hasUnsavedInput()) setLeave({ kind: 'scan', card });
        else void openByCard(card);
      }, 30);
    },
    skipSearchBox,
    // The till's receipt scanned (issue 9 item 13): with a member open, a scan the store's
    // receipt pattern reads fills the award's receipt and amount instead. A panel that
    // reads receipts itself (Refund) keeps its scans.
    (text, target) => {
      const settings = useAppSettings.getState().settings;
      if (!memberIdRef.current || !settings) return false;
      if (target instanceof Element && target.closest('[data-own-scans]')) return false;
      const scanned = readReceiptScan(settings.receiptScan, text, settings.currencyMinorUnits);
      if (!scanned) return false;
      useScannedReceipt.getState().put(scanned);
      return true;
    },
  );

  const confirmLeave = () => {
    const what = leave;
    setLeave(null);
    if (!what) return;
    if (what.kind === 'scan') void openByCard(what.card);
    else if (what.kind === 'close') close();
    else {
      setMemberId(null);
      setRegistering(false);
      setHighlight(0);
      inputRef.current?.focus();
    }
  };

  const cancelLeave = () => {
    const what = leave;
    setLeave(null);
    // A search that was not started: the box back as it was (the member's last query).
    if (what?.kind === 'search') {
      setQuery(what.before);
      inputRef.current?.focus();
    }
  };

  const openIfUnique = async (q: string, fromRegister = false) => {
    const r = await call('members:search', { query: q });
    // Throttled (too many searches): said next to the box, like the list's own answer.
    if (!r.ok) return setError(describeError(tShell, 'members:search', r.error));
    if (!fromRegister && inputRef.current?.value.trim().slice(0, 100) !== q) return;
    if (r.value.results.length === 1) open(r.value.results[0].id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (results.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setHighlight((h) => (h + step + results.length) % results.length);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      const typed = query.trim();
      const digits = typed.replace(/[\s-]/g, '');
      if (/^\d{13}$/.test(digits) && isCardNumber(digits)) return void openByCard(digits);
      // Only open a result that answers what is in the box now, never a stale list.
      if (search.query === typed.slice(0, 100) && !search.loading) {
        const chosen = results[highlight];
        if (chosen) open(chosen.id);
        return;
      }
      // Enter before the results arrived (a full phone number typed fast): ask now, and
      // open the member if exactly one matches; otherwise the list shows as usual.
      if (typed !== '') void openIfUnique(typed.slice(0, 100));
      return;
    }
    if (e.key === 'Escape' && !memberId && query !== '') {
      e.preventDefault();
      setQuery('');
    }
  };

  const listId = 'counter-search-results';
  const activeId = results[highlight] ? `counter-result-${results[highlight].id}` : undefined;
  return (
    <section className="page counter-page" aria-labelledby="counter-title">
      <h1 id="counter-title" className="visually-hidden">
        {tShell('pages.counter')}
      </h1>
      <div className="counter-search" role="search">
        <label htmlFor="counter-search-input">{t('search.label')}</label>
        <input
          id="counter-search-input"
          ref={inputRef}
          type="search"
          role="combobox"
          aria-expanded={!memberId && results.length > 0}
          aria-controls={listId}
          aria-activedescendant={!memberId ? activeId : undefined}
          aria-autocomplete="list"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setHighlight(0);
            setError('');
            setNotice('');
            // Typing (or the next scan) starts a new lookup: the open member makes way —
            // after a yes if something typed for them is not recorded yet.
            if ((memberId || registering) && hasUnsavedInput()) {
              // The box shows what was typed; the member stays until the yes (Stay puts the
              // box back as it was).
              setLeave((l) => l ?? { kind: 'search', before: query });
              setQuery(e.target.value);
              return;
            }
            if (memberId) setMemberId(null);
            if (registering) setRegistering(false);
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          onClick={() => {
            setMemberId(null);
            setRegistering(true);
          }}
        >
          {t('register.open')}
        </button>
      </div>
      {leave ? (
        <ConfirmStep
          label={t('leave.label')}
          confirmText={leave.kind === 'scan' ? t('leave.openCard', { card: leave.card }) : t('leave.discard')}
          cancelText={t('leave.stay')}
          onConfirm={confirmLeave}
          onCancel={cancelLeave}
        >
          {leave.kind === 'scan' ? t('leave.scanText', { card: leave.card }) : t('leave.text')}
        </ConfirmStep>
      ) : null}
      {offer ? (
        <ConfirmStep
          label={t('provisional.label')}
          confirmText={t('provisional.record')}
          cancelText={t('provisional.cancel')}
          onConfirm={() => void recordProvisional(offer)}
          onCancel={() => {
            setOffer(null);
            inputRef.current?.focus();
          }}
        >
          {t('provisional.text', { card: offer })}
        </ConfirmStep>
      ) : null}
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{notice}</StatusMessage>

      {memberId ? (
        <MemberView
          key={memberId}
          memberId={memberId}
          onClose={() => (hasUnsavedInput() ? setLeave({ kind: 'close' }) : close())}
          onMissing={(message) => {
            setMemberId(null);
            setError(message);
          }}
        />
      ) : registering ? (
        <MemberForm
          prefill={query}
          onOpenExisting={(phone) => void openIfUnique(phone.trim().slice(0, 100), true)}
          onDone={(m) => {
            setNotice(t('register.done', { name: m.name, card: m.cardNumber }));
            open(m.id);
          }}
          onCancel={() => {
            setRegistering(false);
            requestFocus('counterSearch');
          }}
        />
      ) : (
        <div className="counter-results">
          {/* A refused search (the session searched too fast: lookupsThrottled) says so and
              how long to wait, instead of looking like "no member found". */}
          {search.error ? <ErrorMessage>{describeError(tShell, 'members:search', search.error)}</ErrorMessage> : null}
          <p className="hint" aria-live="polite">
            {search.loading
              ? t('search.searching')
              : search.result && results.length === 0
                ? t('search.none', { query: search.query })
                : search.result
                  ? `${t('search.count', { count: results.length })} · ${t('search.hint')}`
                  : t('search.hint')}
          </p>
          <ul id={listId} role="listbox" aria-label={t('search.results')} className="result-list">
            {results.map((m, i) => (
              <li
                key={m.id}
                id={`counter-result-${m.id}`}
                role="option"
                aria-selected={i === highlight}
                className={i === highlight ? 'result active' : 'result'}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => open(m.id)}
              >
                <span className="result-name">{m.name}</span>
                {/* Masked for a cashier by main ("•••• 4821", "z•••@example.com"). */}
                <span className="result-phone">{m.phoneDisplay ?? ''}</span>
                <span className="result-email">{m.email ?? ''}</span>
                <span className="result-card mono">{m.cardNumber}</span>
                {!m.active ? <span className="badge">{t('search.inactive')}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
