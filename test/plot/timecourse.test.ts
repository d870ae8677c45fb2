import { describe, expect, it } from 'vitest';
import { ExosimError } from '../../src/diagnostics.js';
import { plotTimeCourse, svgToPng, timeCourseSpec } from '../../src/plot/index.js';
import { makeResult } from '../fixtures/results.js';

/** Number of line-mark groups (Vega renders one group with one <path> per series of a line mark). */
function linePaths(svg: string): number {
  return (svg.match(/class="mark-line role-mark[^"]*"[^>]*><path/g) ?? []).length;
}

describe('plotTimeCourse', () => {
  it('titles the axes with units and draws one path per series', async () => {
    const svg = await plotTimeCourse(makeResult(20), { title: 'decay' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('time (s)');
    expect(svg).toContain('concentration (nM)');
    expect(svg).toContain('>decay<');
    expect(linePaths(svg)).toBe(2);
    // Legend labels by column id.
    expect(svg).toMatch(/legend[^>]*with 2 values: A, B/);
  });

  it('plots only the selected series and refuses unknown ones', async () => {
    const svg = await plotTimeCourse(makeResult(20), { species: ['B'] });
    expect(linePaths(svg)).toBe(1);
    await expect(plotTimeCourse(makeResult(20), { species: ['Z'] })).rejects.toBeInstanceOf(ExosimError);
  });

  it('draws one panel per unit, each y axis titled with its unit', async () => {
    const r = makeResult(20, 10, [
      { id: 'A', unit: 'nM', kind: 'species' },
      { id: 'C', unit: 'molecule', kind: 'species' },
    ]);
    const svg = await plotTimeCourse(r);
    expect(svg).toContain('concentration (nM)');
    expect(svg).toContain('amount (molecule)');
    expect(linePaths(svg)).toBe(2);
  });

  it('chooses a log y axis when positive values span more than 4 decades, unless told otherwise', () => {
    const wide = makeResult(20, 10, [{ id: 'D', unit: 'nM', kind: 'species' }]); // 1e-9 .. 1e-9 e^20: 8.7 decades
    const yScale = (r: ReturnType<typeof makeResult>, o = {}) =>
      ((timeCourseSpec(r, o) as { encoding: { y: { scale: { type?: string } } } }).encoding.y.scale.type);
    expect(yScale(wide)).toBe('log');
    expect(yScale(wide, { logY: false })).toBeUndefined();
    const narrow = makeResult(20, 10, [{ id: 'B', unit: 'nM', kind: 'species' }]); // includes 0
    expect(yScale(narrow)).toBeUndefined();
  });

  it('renders a log-axis plot to SVG', async () => {
    const wide = makeResult(20, 10, [{ id: 'D', unit: 'nM', kind: 'species' }]);
    const svg = await plotTimeCourse(wide);
    expect(svg).toMatch(/Y-axis titled 'concentration \(nM\)' for a log scale/);
  });
});

describe('svgToPng', () => {
  it('produces a PNG of the SVG size, with text rendered', async () => {
    const svg = await plotTimeCourse(makeResult(20), { width: 300, height: 200 });
    const png = svgToPng(svg);
    // PNG signature, then the IHDR chunk: width and height as big-endian uint32 at bytes 16 and 20.
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const w = Number(/width="(\d+)"/.exec(svg)![1]);
    const h = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(w);
    expect(png.readUInt32BE(20)).toBe(h);
    // Text renders only when a font was found: compare with the same SVG with all text removed.
    const noText = svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''));
    expect(png.equals(noText)).toBe(false);
  });
});
