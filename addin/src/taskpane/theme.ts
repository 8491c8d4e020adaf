/** Follow the Office theme (light or dark) where Office tells us; the browser's preference otherwise. */
import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

/** Relative luminance of "#rrggbb" (0 black … 1 white), or null when not a colour. */
export function luminance(hex: string | undefined | null): number | null {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / 255) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function prefersDark(): boolean {
  try {
    const officeTheme = typeof Office !== 'undefined' ? Office.context?.officeTheme : undefined;
    const l = luminance(officeTheme?.bodyBackgroundColor);
    if (l !== null) return l < 0.5;
  } catch {
    // officeTheme is not available on every host and version: fall through.
  }
  return (
    typeof window !== 'undefined' &&
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-color-scheme: dark)').matches
  );
}

export function paneTheme(dark: boolean): Theme {
  return dark ? webDarkTheme : webLightTheme;
}
