// Import rules that `npm run lint` checks with dependency-cruiser: no module may import itself
// back through others (an import cycle makes load order matter and hides a missing layer).
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Break the cycle: move what both sides need into a module of its own (as src/api/account-link-limits.ts).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a cycle through types still ties two modules into one.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
