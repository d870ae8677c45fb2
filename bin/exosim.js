#!/usr/bin/env node
// Entry point of the `exosim` command: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Last-resort guard: an internal error, not a user error. Print the message, not a stack trace, unless EXOSIM_DEBUG is set.
    process.stderr.write(`exosim: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.EXOSIM_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 70;
  },
);
