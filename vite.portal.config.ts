/**
 * Builds the customer portal (src/portal) into out/portal, which the helpdesk server serves at
 * `/` (src/server/portal/portalPages.ts). `vite build -c vite.portal.config.ts --outDir DIR`
 * builds elsewhere (the tests do).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src/portal'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'out/portal'),
    emptyOutDir: true,
    // No inline scripts or styles: the portal's CSP allows 'self' only.
    assetsInlineLimit: 0,
    // One bundle of about 510 kB (146 kB gzipped); the budget that matters is the gzipped first
    // load, measured by `npm run bench` (portal_js_gzip_kb < 200), so vite's 500 kB warning is
    // raised rather than printed on every build.
    chunkSizeWarningLimit: 800,
  },
});
