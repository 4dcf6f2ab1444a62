import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In production the API and the UI share an origin; in `vite dev` the proxy recreates that,
// so cookies and `credentials: 'same-origin'` behave the same in both.
const api = { '/api': { target: 'http://127.0.0.1:3000' } };

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: api },
  preview: { proxy: api },
});
