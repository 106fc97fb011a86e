import { useMemo, useSyncExternalStore } from 'react';
import { label, type Locale } from '../../shared/labels.ts';
import { MESSAGES, type MsgKey } from './messages.ts';

export type { Locale, MsgKey };
type Table = Record<string, { zh: string; en: string }>;

const STORAGE_KEY = 'shaobao.locale';
const listeners = new Set<() => void>();

function readStored(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be blocked (private mode, sandboxed frames); Chinese is the default anyway.
    return 'zh-CN';
  }
}

let current: Locale = readStored();
if (typeof document !== 'undefined') document.documentElement.lang = current;

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* the choice still holds for this page */
  }
  document.documentElement.lang = locale;
  listeners.forEach((l) => l());
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function translate(locale: Locale, key: MsgKey, vars?: Record<string, string | number>): string {
  const m = MESSAGES[key];
  let s = locale === 'en' ? m.en : m.zh;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export type I18n = {
  locale: Locale;
  t: (key: MsgKey, vars?: Record<string, string | number>) => string;
  /** A label from src/shared/labels.ts (statuses, actions…) in the current language. */
  L: (table: Table, key: string | null | undefined) => string;
};

export function useI18n(): I18n {
  const locale = useSyncExternalStore(subscribe, getLocale, getLocale);
  // Stable per language, so effects that depend on t re-run on a language switch only.
  return useMemo(
    () => ({
      locale,
      t: (key, vars) => translate(locale, key, vars),
      L: (table, key) => (key ? label(table, key, locale) : '—'),
    }),
    [locale],
  );
}
