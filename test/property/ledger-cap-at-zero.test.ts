import { describe, it } from 'vitest';
import { RUNS, runLedgerProperty } from './ledger-property';

describe('ledger properties, refund policy capAtZero', () => {
  it(`hold after every step of ${RUNS} random sequences`, { timeout: 300_000 }, () => runLedgerProperty('capAtZero'));
});
