import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Dashboard SPA. Built from the repo root with `vite build --config web/vite.config.ts`.
// Output is fully self-contained (no CDN, no inline scripts/styles, no data: URIs) so the
// gateway can serve it under a strict `Content-Security-Policy: default-src 'self'`.
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  plugins: [preact({ devToolsEnabled: false })],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    // `vite --config web/vite.config.ts` for UI work against a gateway on :8080.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
