import { registerDeadlineHandler } from './deadline-handlers.ts';
import { workOrderDeadlines } from './work-order-deadlines.ts';
import { reportInDeadlines } from '../whistles/whistle-timers.ts';
import { themeTaskDeadlines } from '../themes/theme-timers.ts';
import { longTermReviewDeadlines } from '../themes/long-term-timers.ts';

// Every subject kind with timers; the sweep, the server and the CLI all load this one list.
registerDeadlineHandler(workOrderDeadlines);
registerDeadlineHandler(reportInDeadlines);
registerDeadlineHandler(themeTaskDeadlines);
registerDeadlineHandler(longTermReviewDeadlines);
