import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The hub to proxy to in dev mode (`npm run dev:web`); the hub itself serves the built app. */
const HUB = process.env.HUB_URL ?? 'http://127.0.0.1:4000';
const API = ['/graphql', '/attachments', '/graphiql', '/ide', '/healthz', '/readyz', '/reports'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: Object.fromEntries(API.map((p) => [p, { target: HUB, ws: p === '/graphql' }])) },
  plugins: [
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icon-192.png', 'icon-512.png'],
      manifest: {
        name: '防疫检查 · Epidemic-prevention field inspections',
        short_name: '防疫检查',
        description: '检查员、场所负责人和工作人员的离线现场应用 · Offline field app for inspectors, facility managers and staff',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0e6e54',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The app shell and its assets, precached: the app starts with no network at all.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // API paths are never answered from the cache: the outbox and cached reads handle offline.
        navigateFallbackDenylist: [/^\/graphql/, /^\/graphiql/, /^\/attachments/, /^\/reports/, /^\/ide\//, /^\/healthz/, /^\/readyz/],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
