/**
 * The supervisor console's build (`npm run build:web`, run by `npm ci` through `prepare`)
 * and dev server (`npm run dev`: hot reload, the API and live feed proxied to a running
 * `npm start`, OMNIPULSE_URL or http://localhost:8080).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const target = process.env.OMNIPULSE_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    proxy: {
      '/api': { target, ws: true, changeOrigin: true },
    },
  },
});
