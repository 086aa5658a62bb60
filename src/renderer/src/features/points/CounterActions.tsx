import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../lib/use-query';
import { useQueryVersion } from '../../lib/query-cache';
import { useSession } from '../../stores/session';
import { MANAGER_UP } from '../../../../shared/roles';
import { notifyMemberPointsChanged } from '../members/member-events';
import { RedeemPanel } from '../rewards/RedeemPanel';
import { AwardPanel } from './AwardPanel';
import { HistoryPanel } from './HistoryPanel';
import { ManagerMemberPanel } from './ManagerMemberPanel';
import { PointsSummary } from './PointsSummary';
import { GoalsCard } from './GoalsCard';
import { RefundPanel } from './RefundPanel';
import { peekRefundHandoff } from './refund-handoff';
import { useRules } from './use-rules';
import { useScannedReceipt } from './receipt-scan';
import './points.css';

type Tab = 'award' | 'redeem' | 'refund' | 'history' | 'manage';

/** Alt+letter for each action; `code` (the physical key) so any keyboard layout works. */
const SHORTCUTS: Record<Tab, { code: string; label: string }> = {
  award: { code: 'KeyA', label: 'Alt+A' },
  redeem: { code: 'KeyR', label: 'Alt+R' },
  refund: { code: 'KeyF', label: 'Alt+F' },
  history: { code: 'KeyH', label: 'Alt+H' },
  manage: { code: 'KeyM', label: 'Alt+M' },
};

/**
 * The member view's action side: the member's points at a glance, then Award, Redeem,
 * Refund and History (and Manage for managers) as tabs with Alt shortcuts. The amount
 * field has the focus as soon as a member opens. Panels stay mounted while hidden, so
 * switching tabs never loses what was typed.
 */
export default function CounterActions({ memberId }: { memberId: string }) {
  const { t } = useTranslation('points');
  const role = useSession((s) => s.staff?.role);
  const isManager = role !== undefined && MANAGER_UP.includes(role);
  const [tab, setTab] = useState<Tab>('award');
  const [redeemFocus, setRedeemFocus] = useState(0);
  const rules = useRules();
  const amountRef = useRef<HTMLInputElement>(null);
  const refundRef = useRef<HTMLInputElement>(null);
  const historyTabRef = useRef<HTMLButtonElement>(null);
  const manageTabRef = useRef<HTMLButtonElement>(null);

  const summary = useQuery('points:memberSummary', { memberId }, { keepPrevious: true }).data;
  // Panels that read by hand re-read when their query is invalidated by a command:
  // the history takes a version, the member's insights (reports area) listen to the
  // members area's points-changed signal.
  const historyVersion = useQueryVersion('points:history');
  const insightsVersion = useQueryVersion('reports:memberInsights');
  const seenInsights = useRef(insightsVersion);
  useEffect(() => {
    if (insightsVersion === seenInsights.current) return;
    seenInsights.current = insightsVersion;
    notifyMemberPointsChanged(memberId);
  }, [insightsVersion, memberId]);

  // Opened from another member's Refund tab with their receipt: straight to Refund (the
  // panel opens the receipt and puts the cursor in its first quantity).
  const [handedReceipt] = useState(() => peekRefundHandoff(memberId));

  // A new member: back to Award with the cursor in the amount field.
  useEffect(() => {
    if (handedReceipt !== null) {
      setTab('refund');
      return;
    }
    setTab('award');
    const id = setTimeout(() => amountRef.current?.focus(), 0);
    return () => clearTimeout(id);
  }, [memberId, handedReceipt]);

  const show = useCallback((next: Tab) => {
    setTab(next);
    // Focus after the panel is visible (hidden elements cannot take focus).
    setTimeout(() => {
      if (next === 'award') amountRef.current?.focus();
      else if (next === 'redeem') setRedeemFocus((n) => n + 1);
      else if (next === 'refund') refundRef.current?.focus();
      else if (next === 'history') historyTabRef.current?.focus();
      else manageTabRef.current?.focus();
    }, 0);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const entry = (Object.entries(SHORTCUTS) as [Tab, { code: string }][]).find(([, s]) => s.code === e.code);
      if (!entry || (entry[0] === 'manage' && !isManager)) return;
      e.preventDefault();
      show(entry[0]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show, isManager]);

  const tabs: Tab[] = isManager
    ? ['award', 'redeem', 'refund', 'history', 'manage']
    : ['award', 'redeem', 'refund', 'history'];
  // A scan of the till's receipt (receipt-scan.ts) fills the award: show it, whatever tab.
  const scanSeq = useScannedReceipt((s) => s.pending?.seq ?? null);
  useEffect(() => {
    if (scanSeq !== null) setTab('award');
  }, [scanSeq]);

  const panel = (id: Tab, children: ReactNode) => (
    <div
      // Refund reads receipt numbers itself: a scan there is left to it.
      data-own-scans={id === 'refund' ? '' : undefined}
      role="tabpanel"
      id={`points-panel-${id}`}
      aria-labelledby={`points-tab-${id}`}
      hidden={tab !== id}
      className="points-panel"
    >
      {children}
    </div>
  );

  return (
    <section className="counter-actions" aria-label={t('actions.label')}>
      <PointsSummary summary={summary} />
      <GoalsCard memberId={memberId} />
      <div role="tablist" aria-label={t('actions.tabs')} className="points-tabs">
        {tabs.map((id) => (
          <button
            key={id}
            id={`points-tab-${id}`}
            ref={id === 'history' ? historyTabRef : id === 'manage' ? manageTabRef : undefined}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`points-panel-${id}`}
            aria-keyshortcuts={SHORTCUTS[id].label}
            title={SHORTCUTS[id].label}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => show(id)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const i = tabs.indexOf(id);
              const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
              setTab(next);
              document.getElementById(`points-tab-${next}`)?.focus();
            }}
          >
            {t(`actions.${id}`)} <kbd>{SHORTCUTS[id].label}</kbd>
          </button>
        ))}
      </div>
      {panel('award', <AwardPanel memberId={memberId} rules={rules} amountRef={amountRef} />)}
      {panel('redeem', <RedeemPanel memberId={memberId} rules={rules} focusRequest={redeemFocus} />)}
      {panel('refund', <RefundPanel memberId={memberId} rules={rules} receiptRef={refundRef} />)}
      {panel('history', <HistoryPanel memberId={memberId} version={historyVersion} />)}
      {isManager
        ? panel('manage', <ManagerMemberPanel memberId={memberId} balance={summary?.balance ?? null} />)
        : null}
    </section>
  );
}
