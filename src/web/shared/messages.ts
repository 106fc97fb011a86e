import { CONSOLE_MESSAGES } from './messages-console.ts';
import { PUBLIC_MESSAGES } from './messages-public.ts';
import { ROUTING_MESSAGES } from './messages-routing.ts';
import { SECURITY_MESSAGES } from './messages-security.ts';
import { READ_PATH_MESSAGES } from './messages-read-path.ts';
import { LIVE_MESSAGES } from './messages-live.ts';
import { EVALUATION_MESSAGES } from './messages-evaluation.ts';
import { THEMES_MESSAGES } from './messages-themes.ts';
import { UX_MESSAGES } from './messages-ux.ts';
import { CITIZEN_MESSAGES } from './messages-citizen.ts';
import { ANALYSIS_MESSAGES } from './messages-analysis.ts';
import { WORKBENCH_MESSAGES } from './messages-workbench.ts';
import { ADMIN_PEOPLE_MESSAGES } from './messages-admin-people.ts';
import { INTAKE_MESSAGES } from './messages-intake.ts';
import { ADMIN_REFERENCE_MESSAGES } from './messages-admin-reference.ts';
import { ADMIN_GEO_MESSAGES } from './messages-admin-geo.ts';
import { ORDER_PREVIEW_MESSAGES } from './messages-order-preview.ts';

const ALL = { ...PUBLIC_MESSAGES, ...CONSOLE_MESSAGES, ...ROUTING_MESSAGES, ...SECURITY_MESSAGES, ...READ_PATH_MESSAGES, ...LIVE_MESSAGES, ...EVALUATION_MESSAGES, ...UX_MESSAGES, ...CITIZEN_MESSAGES, ...ANALYSIS_MESSAGES, ...THEMES_MESSAGES, ...WORKBENCH_MESSAGES, ...ADMIN_PEOPLE_MESSAGES, ...INTAKE_MESSAGES, ...ADMIN_REFERENCE_MESSAGES, ...ADMIN_GEO_MESSAGES, ...ORDER_PREVIEW_MESSAGES };
export type MsgKey = keyof typeof ALL;

export const MESSAGES = Object.fromEntries(Object.entries(ALL).map(([k, [zh, en]]) => [k, { zh, en }])) as Record<MsgKey, { zh: string; en: string }>;
