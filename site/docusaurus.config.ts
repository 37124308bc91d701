import type * as Preset from '@docusaurus/preset-classic';
import type { Config } from '@docusaurus/types';
import { themes as prismThemes } from 'prism-react-renderer';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import overparamSourcePlugin from './plugins/overparam-source';
import tfjsWasmPlugin from './plugins/tfjs-wasm';
import { accessibleTheme } from './src/prism/accessible-theme';

const config: Config = {
  title: 'Overparam',
  tagline: 'Why overparameterized networks generalize: the formulas, made runnable.',
  favicon: 'img/favicon.svg',
  url: 'https://overparam.dev',
  baseUrl: '/',
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: {
    format: 'mdx',
    hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' },
  },

  i18n: { defaultLocale: 'en', locales: ['en'] },

  // KaTeX's stylesheet and fonts come from the installed katex package (the one rehype-katex
  // renders with), bundled by webpack: no CDN.
  clientModules: ['./src/client/katex.ts'],

  plugins: [overparamSourcePlugin, tfjsWasmPlugin],

  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.ts',
          remarkPlugins: [remarkMath],
          rehypePlugins: [rehypeKatex],
        },
        blog: false,
        pages: {
          remarkPlugins: [remarkMath],
          rehypePlugins: [rehypeKatex],
        },
        theme: { customCss: './src/css/custom.css' },
        sitemap: { changefreq: 'weekly', priority: 0.5 },
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Overparam',
      logo: { alt: '', src: 'img/logo.svg' },
      items: [
        { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
        { to: '/docs/backends', label: 'Backends', position: 'left' },
        { to: '/docs/api', label: 'API', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Docs',
          items: [
            { label: 'Introduction', to: '/docs/intro' },
            { label: 'Backends', to: '/docs/backends' },
            { label: 'API reference', to: '/docs/api' },
          ],
        },
      ],
      copyright: `Overparam, MIT licensed.`,
    },
    prism: {
      theme: accessibleTheme(prismThemes.github),
      darkTheme: accessibleTheme(prismThemes.dracula),
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
