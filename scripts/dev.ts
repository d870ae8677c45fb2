/**
 * Run the CLI from the TypeScript sources (no build): `npx tsx scripts/dev.ts <command> ...`.
 * For development while dist/ is stale or being rebuilt; users run `npx exosim`.
 */
import { main } from '../cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`exosim (dev): internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
