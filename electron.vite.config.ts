import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CHANNEL_NAMES } from './src/shared/contract';

const CHANNEL_NAMES_MODULE = '\0perkdesk-channel-names';

/**
 * The preload only needs the contract's channel NAMES (its allow-list). Importing the
 * contract would bundle zod and every schema into the sandboxed preload, so at build
 * time `src/preload/channel-names.ts` is replaced by a literal list taken from the
 * same contract. Tests import the real module, so both see the same names.
 */
function inlineChannelNames(): Plugin {
  const target = resolve('src/preload/channel-names.ts');
  return {
    name: 'perkdesk-inline-channel-names',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('channel-names')) return null;
      const resolved = resolve(importer, '..', source);
      return resolved === target.replace(/\.ts$/, '') || resolved === target ? CHANNEL_NAMES_MODULE : null;
    },
    load(id) {
      if (id !== CHANNEL_NAMES_MODULE) return null;
      return `export const CHANNEL_NAMES = Object.freeze(${JSON.stringify(CHANNEL_NAMES)});`;
    },
  };
}

/**
 * Development only (`npm run dev`): the React Fast Refresh preamble is an inline
 * <script>, which the renderer's CSP (`script-src 'self'`) blocks, so the dev server
 * adds 'unsafe-inline' to script-src. `apply: 'serve'` keeps it out of every build:
 * the packaged app and the test host serve the strict policy unchanged.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'perkdesk-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

/**
 * Three bundles: main (Node ESM, deps external so better-sqlite3 loads its native
 * addon), preload (sandboxed: everything bundled into one CommonJS file, no
 * node_modules at run time), renderer (React, served from app:// in the packaged app).
 */
export default defineConfig({
  main: {
    build: {
      // The reports' and the offline jobs' worker threads are entries of their own, next to
      // index.js (src/main/report-worker.ts, src/main/job-worker.ts).
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'report-worker': resolve('src/main/core/reports/report-worker.ts'),
          'job-worker': resolve('src/main/core/offline/job-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [inlineChannelNames()],
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), relaxCspForDevServer()],
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
