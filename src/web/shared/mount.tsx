import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

export function mount(app: ReactNode): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('#root missing from the page');
  createRoot(el).render(<StrictMode>{app}</StrictMode>);
}
