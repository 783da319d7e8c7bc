#!/usr/bin/env node
/** The `ccsim` executable: see command-line.ts. */
import { main } from './command-line.js';
process.exitCode = await main(process.argv.slice(2));
