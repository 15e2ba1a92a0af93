import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the Heed server from dist/web; in development `npx vite web` proxies /api.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    // A page's chunk would otherwise come with a dozen tiny shared chunks (an icon, a helper), each a
    // request of its own on a first visit (7 instead of 13 for /users): small ones are merged. The
    // sign-in page's share stays small; `npm run bench -- console` reports its size.
    rollupOptions: { output: { experimentalMinChunkSize: 8000 } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
