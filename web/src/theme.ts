/** Light theme by default, dark on the supervisor's choice, remembered in this browser. */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'omnipulse.theme';

export function initialTheme(): Theme {
  return localStorage.getItem(STORAGE_KEY) === 'dark' ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem(STORAGE_KEY, theme);
}
