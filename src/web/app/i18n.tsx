import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey } from '../locales/zh-CN';
import { enUS } from '../locales/en-US';

export type Lang = 'zh-CN' | 'en-US';
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'baoye.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The language outside React (the API client reads it for Accept-Language). */
let currentLang: Lang = readStoredLang();
export function getLang(): Lang {
  return currentLang;
}

function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Whether `key` is a known message (for keys built from server data, e.g. permission actions). */
export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return format(dictionaries[lang][key] ?? zhCN[key], vars);
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the zh or en field of a contract label constant (ORG_TYPES, DATA_SCOPES). */
  pick: (label: { zh: string; en: string }) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, onChange }: { children: ReactNode; onChange?: (lang: Lang) => void }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback(
    (next: Lang) => {
      currentLang = next;
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        /* private mode: the choice lasts for this page only */
      }
      document.documentElement.lang = next;
      setLangState(next);
      onChange?.(next);
    },
    [onChange],
  );
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      pick: (label) => (lang === 'zh-CN' ? label.zh : label.en),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The translate function of the current language. */
export function useT(): Translate {
  return useI18n().t;
}
