import { ACTION_LABELS, label } from '../../../shared/labels.ts';

export function actionLabel(action: string, locale: string): string {
  return label(ACTION_LABELS, action, locale);
}
