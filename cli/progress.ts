/**
 * Progress bar for long runs: cli-progress on stderr, shown only when stderr is a terminal and the run has
 * lasted more than `delayMs` (default 500 ms), so short runs and pipes/logs stay silent.
 */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** Fraction done in [0, 1]. */
  update(fraction: number): void;
  /** Remove the bar (if shown). */
  stop(): void;
}

export function createProgress(
  stream: NodeJS.WritableStream | { write(s: string): unknown },
  options: { enabled: boolean; delayMs?: number; label?: string; now?: () => number },
): ProgressReporter {
  if (!options.enabled) return { update() {}, stop() {} };
  const now = options.now ?? (() => performance.now());
  const start = now();
  const delay = options.delayMs ?? 500;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(fraction: number) {
      const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      if (!bar) {
        if (now() - start < delay) return;
        bar = new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WritableStream,
            format: `${options.label ?? 'exosim'} [{bar}] {percentage}% | eta {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
            barsize: 30,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, 0);
      }
      bar.update(Math.round(f * 1000));
    },
    stop() {
      if (bar) {
        bar.stop();
        bar = undefined;
      }
    },
  };
}
