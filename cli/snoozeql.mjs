#!/usr/bin/env node
// Launcher for `npx snoozeql` (package.json "bin"): Node 22 runs the TypeScript entry directly.
const { main } = await import('./snoozeql.ts');
await main();
