import { mount } from '../shared/mount.tsx';
import { GridApp } from './GridApp.tsx';

mount(<GridApp />);

// Installable and usable without network: the worker keeps the app on the phone (public/grid/sw.js).
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/grid/sw.js', { scope: '/grid' }).catch(() => undefined);
  });
}
