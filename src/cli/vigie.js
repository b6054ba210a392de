#!/usr/bin/env node
// The command line's entry point, in plain JavaScript so that it runs before any TypeScript does: it turns on
// Node's compile cache, which keeps each module's type-stripped text and compiled code on disk. Every later run
// then neither loads the TypeScript stripper (about 20 MB that would stay in memory) nor compiles again.
import module from 'node:module';

module.enableCompileCache();
await import('./program.ts');
