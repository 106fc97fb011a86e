import { mount } from '../shared/mount.tsx';
import { ConsoleApp } from './ConsoleApp.tsx';

mount(<ConsoleApp />);
