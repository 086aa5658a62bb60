import { describe, expect, it } from 'vitest';
import { rfmSegment } from '../../../src/main/core/reports/rfm';

const seg = (
  recencyDays: number | null,
  frequency: number,
  firstPurchaseDays: number | null = 400,
  registeredDays = 400,
) => rfmSegment({ recencyDays, frequency, firstPurchaseDays, registeredDays });

describe('RFM segments (thresholds in rfm.ts)', () => {
  it('new: first purchase within 30 days with few visits, or recently registered without purchases', () => {
    expect(seg(2, 1, 2, 2)).toBe('new');
    expect(seg(0, 3, 30, 30)).toBe('new');
    expect(seg(0, 4, 30, 30)).not.toBe('new');
    expect(seg(null, 0, null, 90)).toBe('new');
    expect(seg(null, 0, null, 91)).toBe('lapsed');
  });
  it('champion / loyal / atRisk / lapsed / occasional at their edges', () => {
    expect(seg(30, 10)).toBe('champion');
    expect(seg(31, 10)).toBe('loyal');
    expect(seg(30, 9)).toBe('loyal');
    expect(seg(60, 4)).toBe('loyal');
    expect(seg(61, 4)).toBe('atRisk');
    expect(seg(180, 20)).toBe('atRisk');
    expect(seg(181, 20)).toBe('lapsed');
    expect(seg(10, 3)).toBe('occasional');
    expect(seg(180, 1)).toBe('occasional');
  });
});
