import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bwipjs from 'bwip-js/node';
import { cardBarcodeOptions } from '../../src/renderer/src/features/members/card-barcode';
import { randomCardNumber } from '../../src/main/core/members/card-number';
import { isCardNumber } from '../../src/shared/contract/members';
import { makeStaffedCore } from '../helpers/core';

/**
 * A real decoder must read the printed card: render the barcode exactly as the print
 * slip does, to PNG, and decode it with zbarimg (Debian zbar-tools).
 */
const ZBARIMG = process.env.ZBARIMG ?? '/usr/bin/zbarimg';

function decode(png: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pd-barcode-'));
  try {
    const file = join(dir, 'card.png');
    writeFileSync(file, png);
    // stderr ignored: zbarimg complains that there is no D-Bus here, which is harmless.
    const out = execFileSync(ZBARIMG, ['--quiet', '--raw', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!existsSync(ZBARIMG))('member card barcode', () => {
  it('zbarimg reads a registered member’s card back to its card number', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok('members:register', { name: '王芳', phone: '13812345678' }, tokens.cashier);
    const png = await bwipjs.toBuffer(cardBarcodeOptions(m.cardNumber));
    expect(decode(png)).toEqual([m.cardNumber]);
  });

  it('reads back many generated card numbers (check digits included)', async () => {
    for (let i = 0; i < 10; i++) {
      const card = randomCardNumber();
      expect(isCardNumber(card)).toBe(true);
      const png = await bwipjs.toBuffer(cardBarcodeOptions(card));
      expect(decode(png)).toEqual([card]);
    }
  });
});
