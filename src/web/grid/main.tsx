import { mount } from '../shared/mount.tsx';
import { GridApp } from './GridApp.tsx';

mount(<GridApp />);
