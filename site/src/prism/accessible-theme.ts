import type { PrismTheme } from 'prism-react-renderer';

// WCAG AA asks 4.5:1 for normal text; keep a small margin for rounding.
const TARGET = 4.6;

function parse(color: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [
      number,
      number,
      number,
    ];
  }
  const rgb = /^rgba?\(([^)]+)\)$/.exec(color)?.[1];
  if (rgb) {
    const [r = 0, g = 0, b = 0] = rgb.split(',').map((v) => Number.parseFloat(v));
    return [r, g, b];
  }
  return null;
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A copy of a Prism theme whose token colours all reach AA contrast on its background: each
 * colour that falls short is moved toward black (light themes) or white (dark themes) just
 * far enough. Keeps the theme's look; fixes its comments and pale tokens.
 */
export function accessibleTheme(theme: PrismTheme): PrismTheme {
  const background = parse(theme.plain.backgroundColor ?? '#ffffff') ?? [255, 255, 255];
  const toward: [number, number, number] =
    luminance(background) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const fix = (color: string | undefined): string | undefined => {
    const rgb = color === undefined ? null : parse(color);
    if (!rgb) return color;
    for (let t = 0; t <= 1; t += 0.05) {
      const mixed = rgb.map((v, i) => v + (toward[i]! - v) * t) as [number, number, number];
      if (contrast(mixed, background) >= TARGET) return t === 0 ? color : toHex(mixed);
    }
    return toHex(toward);
  };
  return {
    plain: { ...theme.plain, color: fix(theme.plain.color) },
    styles: theme.styles.map((style) => ({
      ...style,
      style: { ...style.style, color: fix(style.style.color), opacity: undefined },
    })),
  };
}
