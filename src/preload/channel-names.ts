/**
 * The allow-list of data channels the preload forwards. In tests this re-exports the
 * contract's names; in the built preload, electron.vite.config.ts swaps this module
 * for a literal list of the same names, so the sandboxed preload bundle doesn't carry
 * zod and every schema just to know the names.
 */
export { CHANNEL_NAMES } from '../shared/contract';
