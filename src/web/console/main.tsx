import { mount } from '../shared/mount.tsx';
import '../shared/routing.css';
import { ConsoleApp } from './ConsoleApp.tsx';

mount(<ConsoleApp />);
