/**
 * i18next with the console's two languages (issue #10 item 7): the browser's language by
 * default, the supervisor's choice remembered in this browser.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import nl from './nl.json';

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'omnipulse.language';

/** The remembered choice, else the first of the browser's languages we speak, else English. */
export function initialLanguage(remembered: string | null, browserLanguages: readonly string[]): Language {
  if (remembered === 'en' || remembered === 'nl') return remembered;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'nl') return base;
  }
  return 'en';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

const language = initialLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages ?? [navigator.language]);
document.documentElement.lang = language;
i18n.on('languageChanged', (next) => (document.documentElement.lang = next));

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, nl: { translation: nl } },
  lng: language,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export default i18n;
