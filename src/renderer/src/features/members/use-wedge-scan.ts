import { useEffect, useRef } from 'react';
import { CARD_LENGTH, scannedCard, scannedText, SEQUENCE_BREAK_MS, type Stroke } from './wedge-scan';
import { SCAN_TEXT_MAX } from '../../../../shared/settings/receipt-scan';

function isField(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

/** Sets a controlled input's value the way typing does, so React's onChange sees it. */
function restoreValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Keys a scanner sends that type nothing (a QR's capitals come with Shift). */
const SILENT_KEYS = new Set(['Shift', 'CapsLock']);

/**
 * Listens (capture phase, before any field or form sees the keys) for a card scan while
 * `enabled`; see wedge-scan.ts for what counts. On a scan its Enter is swallowed (no form
 * submits the digits), the field the digits fell into gets back what it held before, and
 * `onScan(card)` runs. Any other fast run of printable keys (a receipt's QR code types
 * letters, commas and dots) is offered to `onText(text, target)`, which says whether it
 * took it (then handled the same way). `skip` marks an element that handles scans itself
 * (the search box).
 */
export function useWedgeScan(
  enabled: boolean,
  onScan: (card: string) => void,
  skip: () => Element | null,
  onText?: (text: string, target: EventTarget | null) => boolean,
): void {
  const onScanRef = useRef(onScan);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onScanRef.current = onScan;
    onTextRef.current = onText;
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
      if (SILENT_KEYS.has(e.key)) return;
      // When the key was pressed, not when this handler got to run: on a busy terminal the
      // renderer handles a scanner's keys late and back to back (or each after a slow
      // re-render), and only the event's own time shows the scanner's pace.
      const now = e.timeStamp > 0 ? e.timeStamp : performance.now();
      if (e.key.length === 1) {
        const last = strokes.at(-1);
        if (!last || e.target !== target || now - last.at > SEQUENCE_BREAK_MS) {
          clear();
          target = e.target;
        }
        strokes.push({ digit: e.key, at: now, before: isField(e.target) ? e.target.value : null });
        if (strokes.length > SCAN_TEXT_MAX) strokes = strokes.slice(-SCAN_TEXT_MAX);
        return;
      }
      if (e.key !== 'Enter') return clear();
      const mine = strokes.length > 0 && e.target === target;
      const card = mine ? scannedCard(strokes, now, isField(e.target)) : null;
      const text = mine && !card ? scannedText(strokes, now) : null;
      const field = isField(e.target) ? e.target : null;
      // What the field held before the scan's first key.
      const before = card
        ? (strokes.at(-CARD_LENGTH)?.before ?? null)
        : text
          ? (strokes[text.from]?.before ?? null)
          : null;
      const took = text !== null && (onTextRef.current?.(text.text, e.target) ?? false);
      clear();
      if (!card && !took) return;
      e.preventDefault();
      e.stopPropagation();
      if (field && before !== null) restoreValue(field, before);
      if (card) onScanRef.current(card);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled, skip]);
}
