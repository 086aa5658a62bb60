import { describe, expect, it } from 'vitest';
import { firstReturnable, nextAfterQuantity } from '../../src/renderer/src/features/points/refund-keys';

describe('refund quantities: where Enter goes (issue 9 item 12)', () => {
  it('moves to the next line that can still come back, skipping returned ones', () => {
    expect(nextAfterQuantity([true, false, true], 0)).toBe(2);
    expect(nextAfterQuantity([true, true, true], 1)).toBe(2);
  });

  it('after the last returnable line goes to the submit button, never submits by itself', () => {
    expect(nextAfterQuantity([true, true], 1)).toBe('submit');
    expect(nextAfterQuantity([true, false, false], 0)).toBe('submit');
    expect(nextAfterQuantity([], -1)).toBe('submit');
  });

  it('an opened receipt focuses its first returnable line, or nothing when all are back', () => {
    expect(firstReturnable([false, true, true])).toBe(1);
    expect(firstReturnable([false, false])).toBeNull();
  });
});
