import { mount } from '../shared/mount.tsx';
import { QueryProvider } from '../shared/query.tsx';
import '../shared/routing.css';
import { ConsoleApp } from './ConsoleApp.tsx';

mount(
  <QueryProvider>
    <ConsoleApp />
  </QueryProvider>,
);
