/**
 * Light, dark, or as the system says; kept in localStorage and applied as `data-theme` on the
 * root element, which the stylesheet's colour variables follow.
 */
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const storageKey = 'switchboard.theme';
const order: ThemeChoice[] = ['system', 'light', 'dark'];

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(storageKey);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export const useTheme = create<{ theme: ThemeChoice; setTheme(t: ThemeChoice): void; cycle(): void }>()((set, get) => ({
  theme: stored(),
  setTheme: (theme) => {
    try {
      localStorage.setItem(storageKey, theme);
    } catch {
      // Kept for this run only.
    }
    applyTheme(theme);
    set({ theme });
  },
  cycle: () => get().setTheme(order[(order.indexOf(get().theme) + 1) % order.length]!),
}));

export const themeLabels: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };
