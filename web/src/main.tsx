import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { registerServiceWorker } from './offline/sw';
import { sessionStore } from './offline/session';
import { startSync } from './offline/outbox';

registerServiceWorker();
void sessionStore.load().then(() => startSync());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
