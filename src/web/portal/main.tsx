import { mount } from '../shared/mount.tsx';
import { PortalApp } from './PortalApp.tsx';

mount(<PortalApp />);
