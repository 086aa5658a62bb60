import { useEffect, useRef } from 'react';
import { CARD_LENGTH, scannedCard, SEQUENCE_BREAK_MS, type Stroke } from './wedge-scan';

function isField(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

/** Sets a controlled input's value the way typing does, so React's onChange sees it. */
function restoreValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens (capture phase, before any field or form sees the keys) for a card scan while
 * `enabled`; see wedge-scan.ts for what counts. On a scan its Enter is swallowed (no form
 * submits the digits), the field the digits fell into gets back what it held before, and
 * `onScan(card)` runs. `skip` marks an element that handles scans itself (the search box).
 */
export function useWedgeScan(enabled: boolean, onScan: (card: string) => void, skip: () => Element | null): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  });
  useEffect(() => {
    if (!enabled) return;
    /** Each digit with what its field held just before it. */
    let strokes: (Stroke & { before: string | null })[] = [];
    let target: EventTarget | null = null;
    const clear = () => {
      strokes = [];
      target = null;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target === skip()) return clear();
      // A dialog (manager approval, erase) or a secret field is never a scan's target.
      if (document.querySelector('[aria-modal="true"]')) return clear();
      if (e.target instanceof HTMLInputElement && e.target.type === 'password') return clear();
      const now = performance.now();
      if (/^\d$/.test(e.key)) {
        const last = strokes.at(-1);
        if (!last || e.target !== target || now - last.at > SEQUENCE_BREAK_MS) {
          clear();
          target = e.target;
        }
        strokes.push({ digit: e.key, at: now, before: isField(e.target) ? e.target.value : null });
        if (strokes.length > 64) strokes = strokes.slice(-CARD_LENGTH);
        return;
      }
      if (e.key !== 'Enter') return clear();
      const card = strokes.length > 0 && e.target === target ? scannedCard(strokes, now, isField(e.target)) : null;
      const field = isField(e.target) ? e.target : null;
      const before = strokes.at(-CARD_LENGTH)?.before ?? null;
      clear();
      if (!card) return;
      e.preventDefault();
      e.stopPropagation();
      if (field && before !== null) restoreValue(field, before);
      onScanRef.current(card);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled, skip]);
}
