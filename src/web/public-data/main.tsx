import { mount } from '../shared/mount.tsx';
import { PublicDataApp } from './PublicDataApp.tsx';

mount(<PublicDataApp />);
