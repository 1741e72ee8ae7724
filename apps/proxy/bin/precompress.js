#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the web build can call it without building the proxy first.
import { register } from 'tsx/esm/api';

register();
await import('../src/precompress-main.ts');
