import { registerSW } from 'virtual:pwa-register';

/** Registers the service worker that precaches the app, so it starts with no network at all. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  registerSW({ immediate: true });
}
