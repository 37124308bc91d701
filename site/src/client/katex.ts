// Client module (see docusaurus.config.ts): KaTeX's CSS and fonts from node_modules.
import 'katex/dist/katex.min.css';
