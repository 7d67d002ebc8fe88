#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

// The repository's tsconfig.json, whatever the working folder (its @shared/… paths).
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const entry = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url));
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
