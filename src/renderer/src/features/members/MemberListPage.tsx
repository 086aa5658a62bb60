import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { useFormat } from '../../lib/use-format';
import { formatDate } from '../../lib/dates';
import { useNavigation } from '../../stores/navigation';
import { ErrorMessage } from '../../components/Messages';
import type { MemberListSort, MemberSummary } from '../../../../shared/contract/members';
import type { MemberStandingDto } from '../../../../shared/contract/points';
import { usePointsFormat } from '../points/use-points-format';
import { useMemberEvents } from './member-events';
import './members.css';

type Status = 'all' | 'active' | 'inactive';
type Direction = 'asc' | 'desc';

const PAGE = 200;
const ROW_PX = 44;

/**
 * Managers' member list. Only the rows in view exist in the DOM (@tanstack/react-virtual),
 * and rows arrive a page at a time by keyset cursor as the manager scrolls, so a million
 * members cost what a few hundred do. Sort by clicking a column header; filter by status
 * or by text (read like the counter's search box). Enter or click opens the member at
 * the counter.
 */
export default function MemberListPage() {
  const { t } = useTranslation('members');
  const { t: tShell } = useTranslation('shell');
  const { locale } = useFormat();
  const { pts } = usePointsFormat();
  const [standings, setStandings] = useState<ReadonlyMap<string, MemberStandingDto>>(new Map());
  const [sort, setSort] = useState<MemberListSort>('name');
  const [direction, setDirection] = useState<Direction>('asc');
  const [status, setStatus] = useState<Status>('all');
  const [text, setText] = useState('');
  const [debouncedText, setDebouncedText] = useState('');
  const [rows, setRows] = useState<MemberSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setDebouncedText(text.trim().slice(0, 100)), 200);
    return () => clearTimeout(timer);
  }, [text]);

  const load = useCallback(
    async (from: string | null, gen: number) => {
      setLoading(true);
      const r = await call('members:list', {
        sort,
        direction,
        status,
        limit: PAGE,
        ...(debouncedText ? { text: debouncedText } : {}),
        ...(from ? { cursor: from } : {}),
      });
      if (gen !== generation.current) return; // sort or filter changed meanwhile
      setLoading(false);
      if (!r.ok) return setError(describeError(tShell, 'members:list', r.error));
      setError('');
      setRows((prev) => (from ? [...prev, ...r.value.rows] : r.value.rows));
      if (r.value.total !== null) setTotal(r.value.total);
      setCursor(r.value.nextCursor);
      // Balance and tier come from the points area, a page at a time (the same tier the
      // counter shows). A failure leaves those two cells empty, never the list.
      const ids = r.value.rows.map((m) => m.id);
      if (ids.length === 0) return;
      const st = await call('points:standings', { memberIds: ids });
      if (gen !== generation.current || !st.ok) return;
      setStandings((prev) => {
        const next = new Map(from ? prev : []);
        for (const s of st.value) next.set(s.memberId, s);
        return next;
      });
    },
    [sort, direction, status, debouncedText, tShell],
  );

  // New sort or filter: start again from the top.
  useEffect(() => {
    const gen = ++generation.current;
    setRows([]);
    setCursor(null);
    scrollRef.current?.scrollTo({ top: 0 });
    void load(null, gen);
  }, [load]);

  // A text filter returns one bounded page in match order: sort that page here, so the
  // column headers mean the same thing with and without a filter.
  const shown = useMemo(() => {
    if (!debouncedText) return rows;
    const sign = direction === 'asc' ? 1 : -1;
    const key = (m: MemberSummary) =>
      sort === 'name' ? (m.name ?? '') : sort === 'cardNumber' ? m.cardNumber : String(m.createdAt).padStart(16, '0');
    return [...rows].sort((a, b) => sign * key(a).localeCompare(key(b)));
  }, [rows, debouncedText, sort, direction]);

  const hasMore = cursor !== null;
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  // Fetch the next page when the loader row comes into view.
  useEffect(() => {
    if (hasMore && !loading && lastIndex >= rows.length - 1) void load(cursor, generation.current);
  }, [hasMore, loading, lastIndex, rows.length, cursor, load]);

  const toggleSort = (column: MemberListSort) => {
    if (column === sort) setDirection((d) => (d === 'asc' ? 'desc' : 'asc'));
    else {
      setSort(column);
      setDirection('asc');
    }
  };

  /** Keyboard: ↑/↓ move between rows; the row is scrolled into view (and rendered) first. */
  const moveFocus = (index: number) => {
    if (index < 0 || index >= rows.length) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus());
  };

  const openAtCounter = (m: MemberSummary) => {
    useMemberEvents.getState().openAtCounter(m.id);
    useNavigation.getState().go('counter');
  };

  const header = (column: MemberListSort, label: string) => (
    <div
      role="columnheader"
      className="cell"
      aria-sort={sort === column ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="link"
        onClick={() => toggleSort(column)}
        aria-label={t('list.sortBy', { column: label })}
      >
        {label}
        {sort === column ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </div>
  );

  return (
    <section className="page member-list-page" aria-labelledby="member-list-title">
      <h1 id="member-list-title">{tShell('pages.members')}</h1>
      <div className="filters">
        <div className="field">
          <label htmlFor="member-list-filter">{t('list.filter')}</label>
          <input
            id="member-list-filter"
            type="search"
            value={text}
            maxLength={100}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="member-list-status">{t('list.status')}</label>
          <select id="member-list-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="all">{t('list.statusAll')}</option>
            <option value="active">{t('list.statusActive')}</option>
            <option value="inactive">{t('list.statusInactive')}</option>
          </select>
        </div>
        <p className="hint" aria-live="polite">
          {total === null ? t('list.loading') : t('list.total', { count: total })}
        </p>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <div role="table" aria-label={t('list.table')} aria-rowcount={total ?? -1} className="vtable">
        <div role="rowgroup">
          <div role="row" className="vrow vhead">
            {header('name', t('fields.name'))}
            <div role="columnheader" className="cell">
              {t('fields.phone')}
            </div>
            <div role="columnheader" className="cell">
              {t('fields.email')}
            </div>
            {header('cardNumber', t('fields.cardNumber'))}
            <div role="columnheader" className="cell num">
              {t('list.balance')}
            </div>
            <div role="columnheader" className="cell">
              {t('list.tier')}
            </div>
            {header('createdAt', t('fields.createdAt'))}
          </div>
        </div>
        <div ref={scrollRef} className="vscroll" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const m = shown[item.index];
              const style = {
                position: 'absolute' as const,
                top: 0,
                left: 0,
                right: 0,
                height: item.size,
                transform: `translateY(${item.start}px)`,
              };
              if (!m) {
                return (
                  <div key="loader" role="row" className="vrow" style={style} aria-rowindex={item.index + 2}>
                    <div role="cell" className="cell">
                      {t('list.loading')}
                    </div>
                  </div>
                );
              }
              return (
                <div
                  key={m.id}
                  role="row"
                  tabIndex={0}
                  aria-rowindex={item.index + 2}
                  aria-label={t('list.open', { name: m.name ?? m.cardNumber })}
                  className={m.active ? 'vrow' : 'vrow inactive'}
                  style={style}
                  onClick={() => openAtCounter(m)}
                  data-index={item.index}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') openAtCounter(m);
                    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                      e.preventDefault();
                      moveFocus(item.index + (e.key === 'ArrowDown' ? 1 : -1));
                    }
                  }}
                >
                  <div role="cell" className="cell">
                    {m.name}
                  </div>
                  <div role="cell" className="cell">
                    {m.phoneDisplay ?? ''}
                  </div>
                  <div role="cell" className="cell">
                    {m.email ?? ''}
                  </div>
                  <div role="cell" className="cell mono">
                    {m.cardNumber}
                  </div>
                  <div role="cell" className="cell num">
                    {standings.get(m.id) ? pts(standings.get(m.id)!.balance) : ''}
                  </div>
                  <div role="cell" className="cell">
                    {standings.get(m.id) ? (standings.get(m.id)!.tier ?? t('list.noTier')) : ''}
                  </div>
                  <div role="cell" className="cell">
                    {formatDate(m.createdAt, locale)}
                  </div>
                </div>
              );
            })}
          </div>
          {!loading && rows.length === 0 && total !== null ? <p className="hint">{t('list.empty')}</p> : null}
        </div>
      </div>
    </section>
  );
}
