// Lets the site run on the workspace packages' TypeScript sources, with no package build:
// resolve their `@overparam/source` export condition (and `#platform` imports) to src/*.ts,
// and let the `.js`-suffixed relative imports inside those sources find the `.ts` files.
// Docusaurus's babel rule already transpiles them: after symlink resolution they live in
// packages/*/src, outside node_modules (see excludeJS in @docusaurus/core/lib/webpack/base.js).
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

export default function overparamSourcePlugin(context: LoadContext): Plugin {
  const packagesDir = path.resolve(context.siteDir, '..', 'packages');
  return {
    name: 'overparam-source',
    configureWebpack(_config, isServer) {
      return {
        // The server bundle (target node) resolves `#platform` to platform/node.ts, whose
        // optional `import('webgpu')` babel turns into `require(expression)` there. The server
        // never runs the demos, so that dynamic require is dead code; say so instead of warning.
        ...(isServer && {
          ignoreWarnings: [
            {
              module: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/]platform[\\/]node\.ts$/,
              message: /Critical dependency: the request of a dependency is an expression/,
            },
          ],
        }),
        resolve: {
          // '...' keeps webpack's defaults for the target: 'browser' (client) or 'node' (the
          // server bundle, which never runs the demos), plus 'import', 'module', etc.
          conditionNames: ['@overparam/source', '...'],
        },
        module: {
          rules: [
            {
              // Only the workspace sources use `.js` specifiers for `.ts` files; scoping the
              // alias keeps every node_modules lookup as cheap as before.
              include: packagesDir,
              resolve: { extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } },
            },
          ],
        },
      };
    },
  };
}
