import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { id, type DictKey } from './id';

export type Lang = 'id' | 'en';
export type { DictKey };
export type Translate = (key: DictKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<DictKey, string>> = { id, en };
const STORAGE_KEY = 'mcp.lang';

function initialLang(): Lang {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'id';
}

export function translate(lang: Lang, key: DictKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? id[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Intl locale for numbers and dates: Indonesian writes 1,33 and 1.234. */
  locale: string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    // Screen readers pick their voice from the document's language.
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params), locale: lang === 'id' ? 'id-ID' : 'en-GB' }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
