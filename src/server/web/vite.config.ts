import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The head office page: `npm run build:headoffice` → out/headoffice (gitignored with
 * out/), which the service serves at /admin/ (src/server/admin/page.ts).
 */
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/admin/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(here, '../../../out/headoffice'),
    emptyOutDir: true,
    // The service answers only from its list of built files: no source maps to list.
    sourcemap: false,
  },
});
