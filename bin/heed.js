#!/usr/bin/env node
// Loads the TypeScript CLI through tsx in this same process, so `npx heed …` works from a checkout
// and signals (Ctrl-C, SIGTERM) reach the server directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/entry/cli.ts');
