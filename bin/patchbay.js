#!/usr/bin/env node
// The `patchbay` command. Patchbay is written in TypeScript and run by Node's own
// type stripping, which needs Node 22.18+; the project brings Node 24 in node_modules.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `Patchbay needs Node 24 but was started with Node ${process.versions.node}. ` +
      'Run it as "npx patchbay …" or through npm scripts, which use the Node 24 installed with the project.',
  );
  process.exit(1);
}
await import('../core/host/cli/main.ts');
