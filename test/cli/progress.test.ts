import { describe, expect, it } from 'vitest';
import { createProgress } from '../../cli/progress.js';

function fakeTty(): { stream: { isTTY: boolean; columns: number; write(s: string): boolean; on(): void; removeListener(): void }; text: () => string } {
  let out = '';
  return {
    stream: { isTTY: true, columns: 100, write: (s: string) => ((out += s), true), on() {}, removeListener() {} },
    text: () => out,
  };
}

describe('createProgress', () => {
  it('is silent when disabled (stderr not a terminal)', () => {
    const t = fakeTty();
    const p = createProgress(t.stream, { enabled: false, now: () => 1e6 });
    p.update(0.5);
    p.stop();
    expect(t.text()).toBe('');
  });

  it('stays silent for short runs, and draws a bar once the run is longer than the delay', () => {
    let clock = 0;
    const t = fakeTty();
    const p = createProgress(t.stream, { enabled: true, delayMs: 500, now: () => clock });
    clock = 100;
    p.update(0.2);
    expect(t.text()).toBe('');
    clock = 600;
    p.update(0.5);
    p.update(0.75);
    expect(t.text()).toMatch(/\d+%/);
    p.stop();
  });
});
