import { describe, expect, it } from 'vitest';
import { readReceiptScan } from '../../src/renderer/src/features/points/receipt-scan';
import { scannedText, type Stroke } from '../../src/renderer/src/features/members/wedge-scan';

/** Issue 9 item 13: what the counter reads from a scan of the till's receipt. */
const VAT = { preset: 'cnVatQr', pattern: '' } as const;
const ONLY = { preset: 'receiptOnly', pattern: '' } as const;

describe('readReceiptScan', () => {
  it.each([
    // Electronic ordinary invoice (10): no check code missing; amount with one decimal.
    ['01,10,011001605111,80100798,64.9,20161018,85342965681116380258,', '80100798', 6490, '2016-10-18'],
    // Special invoice (01): empty check code, a trailing field.
    ['01,01,1200154130,03630024,94339.62,20160621,,9335,', '03630024', 9_433_962, '2016-06-21'],
    ['01,04,4200161350,00015045,165106.00,20160501,48114255542168294433,DBFE,', '00015045', 16_510_600, '2016-05-01'],
    // Fully digital invoice (32): no code, a 20-digit number.
    ['01,32,,24442000000012345678,100.00,20240101,,A1B2', '24442000000012345678', 10_000, '2024-01-01'],
  ])('VAT QR %s', (text, receipt, amountMinor, date) => {
    expect(readReceiptScan(VAT, text, 2)).toEqual({ receipt, amountMinor, date });
  });

  it('reads amounts exactly in minor units (0.29 is 29, never 28.99…)', () => {
    expect(readReceiptScan(VAT, '01,10,011001605111,80100798,0.29,20161018,1,', 2)?.amountMinor).toBe(29);
  });

  it.each([
    ['not a VAT QR', 'https://example.com/01,10'],
    ['a red (negative) invoice', '01,10,011001605111,80100798,-64.90,20161018,1,'],
    ['a version other than 01', '02,10,011001605111,80100798,64.90,20161018,1,'],
    ['too long', '01,10,011001605111,80100798,64.90,20161018,' + 'x'.repeat(300)],
  ])('VAT QR refuses %s', (_what, text) => {
    expect(readReceiptScan(VAT, text, 2)).toBeNull();
  });

  it('an impossible date is left out, the receipt and amount still read', () => {
    expect(readReceiptScan(VAT, '01,10,011001605111,80100798,64.90,20161340,1,', 2)).toEqual({
      receipt: '80100798',
      amountMinor: 6490,
      date: null,
    });
  });

  it('receipt-number-only barcodes: the receipt alone', () => {
    expect(readReceiptScan(ONLY, 'R-100234', 2)).toEqual({ receipt: 'R-100234', amountMinor: null, date: null });
    expect(readReceiptScan(ONLY, 'R 1', 2)).toBeNull();
  });

  it('custom patterns; off and an unsafe pattern read nothing', () => {
    const custom = { preset: 'custom', pattern: '^T(?<receipt>\\d{6})A(?<amount>\\d+)$' } as const;
    expect(readReceiptScan(custom, 'T123456A1250', 0)).toEqual({ receipt: '123456', amountMinor: 1250, date: null });
    expect(readReceiptScan({ preset: 'off', pattern: '' }, 'R-100234', 2)).toBeNull();
    expect(readReceiptScan({ preset: 'custom', pattern: '^(?<receipt>(\\d+)+)$' }, '123456', 2)).toBeNull();
  });
});

describe('scannedText: a fast run of any printable keys before Enter', () => {
  const strokes = (text: string, gap: number, start = 1000): Stroke[] =>
    [...text].map((digit, i) => ({ digit, at: start + i * gap }));
  it('a QR typed by a scanner (commas and dots included)', () => {
    const s = strokes('01,10,0110,80100798,64.9,20161018,', 5);
    expect(scannedText(s, s.at(-1)!.at + 5)).toEqual({ text: '01,10,0110,80100798,64.9,20161018,', from: 0 });
  });
  it('a person typing is not a scan', () => {
    const s = strokes('R-100234', 150);
    expect(scannedText(s, s.at(-1)!.at + 150)).toBeNull();
  });
  it('keys typed by hand before the scan are not part of it', () => {
    const hand = strokes('12', 400, 0);
    const fast = strokes('R-100234', 5, 2000);
    expect(scannedText([...hand, ...fast], 2045)).toEqual({ text: 'R-100234', from: 2 });
  });
});
