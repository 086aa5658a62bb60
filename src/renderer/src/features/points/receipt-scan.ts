import { create } from 'zustand';
import {
  activeReceiptPattern,
  compileReceiptPattern,
  receiptPatternProblem,
  SCAN_TEXT_MAX,
  type ReceiptScanSetting,
} from '../../../../shared/settings/receipt-scan';
import { isAcceptableReceipt, receiptDisplay } from '../../../../shared/receipt-no';
import { parseMoneyInput } from './decimal-input';

/**
 * Reading a scan of the till's receipt (issue 9 item 13) with the store's pattern
 * (shared/settings/receipt-scan.ts): the receipt number in its display form, the amount
 * as exact minor units (decimal-input.ts, never a float) and the date as YYYY-MM-DD.
 * An amount or date that does not read is left out; the receipt number is what makes
 * the scan a receipt.
 */
export interface ScannedReceipt {
  receipt: string;
  amountMinor: number | null;
  /** YYYY-MM-DD, where the pattern has a `date` group and it reads as a date. */
  date: string | null;
}

const compiled = new Map<string, RegExp | null>();

function patternFor(setting: ReceiptScanSetting): RegExp | null {
  const source = activeReceiptPattern(setting);
  if (source === '') return null;
  let re = compiled.get(source);
  if (re === undefined) {
    // Main refused anything unsafe; checked again here as the test box runs unsaved text.
    re = receiptPatternProblem(source) === null ? compileReceiptPattern(source) : null;
    if (compiled.size > 20) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

function readDate(text: string | undefined): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function readReceiptScan(setting: ReceiptScanSetting, text: string, digits: number): ScannedReceipt | null {
  if (text.length === 0 || text.length > SCAN_TEXT_MAX) return null;
  const re = patternFor(setting);
  const groups = re?.exec(text)?.groups;
  if (!groups?.receipt) return null;
  const receipt = receiptDisplay(groups.receipt);
  if (!isAcceptableReceipt(receipt)) return null;
  const amount = groups.amount === undefined ? null : parseMoneyInput(groups.amount, digits);
  return {
    receipt,
    amountMinor: amount?.ok && amount.value > 0 ? amount.value : null,
    date: readDate(groups.date),
  };
}

/**
 * A scan read on the counter, waiting for the award panel (which may be behind another
 * tab, or render a moment later): the counter puts it, the panel takes it once.
 */
interface ScannedReceiptState {
  pending: (ScannedReceipt & { seq: number }) | null;
  put(scan: ScannedReceipt): void;
  take(): ScannedReceipt | null;
}

export const useScannedReceipt = create<ScannedReceiptState>((set, get) => ({
  pending: null,
  put: (scan) => set((s) => ({ pending: { ...scan, seq: (s.pending?.seq ?? 0) + 1 } })),
  take: () => {
    const p = get().pending;
    if (p) set({ pending: null });
    return p;
  },
}));
