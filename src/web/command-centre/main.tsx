import { mount } from '../shared/mount.tsx';
import { CommandCentreApp } from './CommandCentreApp.tsx';

mount(<CommandCentreApp />);
