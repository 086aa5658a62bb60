import { afterEach } from 'vitest';
import { closeOpenedCores } from './core';

/** vitest setup file (runs for every test file, shared modules or not): per-test cleanup. */
afterEach(() => {
  closeOpenedCores();
});
