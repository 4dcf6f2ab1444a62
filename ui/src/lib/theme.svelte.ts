import type { Theme } from '$lib/api/profiles';

// Only the preference, never a token: a cache so the next visit paints in the right colours
// before the profile answers. The profile is the source of truth.
const CACHE_KEY = 'smartstart-theme';
const THEMES: readonly Theme[] = ['auto', 'light', 'dark'];

function isTheme(value: unknown): value is Theme {
  return THEMES.some((theme) => theme === value);
}

function cached(): Theme {
  try {
    const value = localStorage.getItem(CACHE_KEY);
    return isTheme(value) ? value : 'auto';
  } catch {
    return 'auto';
  }
}

/** The portal's colours: `auto` follows the system, `light` and `dark` override it (app.css). */
class ThemeState {
  current = $state<Theme>('auto');

  /** Paints the cached choice; call once at start. */
  restore(): void {
    this.apply(cached());
  }

  apply(theme: Theme): void {
    this.current = theme;
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem(CACHE_KEY, theme);
    } catch {
      // Storage may be off (private mode): the profile still carries the choice.
    }
  }
}

export const theme = new ThemeState();
