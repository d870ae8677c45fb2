import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExosimError } from '../../src/diagnostics.js';
import { readModelFile, writeFileAtomic } from '../../src/io/atomic-write.js';
import { formatCsv } from '../../src/io/csv.js';
import { formatResultJson } from '../../src/io/json.js';
import { runRecordPath, sha256Hex, writeResult } from '../../src/io/run-record.js';
import { makeResult } from '../fixtures/results.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'exosim-io-'));

describe('formatCsv', () => {
  it('writes a header and one row per time, with numbers that round-trip exactly', () => {
    const r = makeResult(10);
    const csv = formatCsv(r);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('time,A,B');
    expect(lines).toHaveLength(12);
    for (let i = 0; i <= 10; i++) {
      const cells = lines[i + 1]!.split(',').map(Number);
      expect(cells[0]).toBe(i); // t_i = i * 10 / 10
      // The exact doubles come back: A(t) = exp(-t), B(t) = 1 - exp(-t).
      expect(cells[1]).toBe(Math.exp(-i));
      expect(cells[2]).toBe(1 - Math.exp(-i));
    }
  });

  it('quotes header fields with commas and prints non-finite values', () => {
    const r = makeResult(1, 1, [{ id: 'a,b', unit: 'nM', kind: 'observable' }]);
    r.values[0]![1] = NaN;
    const lines = formatCsv(r).trimEnd().split('\n');
    expect(lines[0]).toBe('time,"a,b"');
    expect(lines[2]).toBe('1,NaN');
  });
});

describe('formatResultJson', () => {
  it('has time, timeUnit, columns with units and values, and the record', () => {
    const r = makeResult(4, 2);
    const j = JSON.parse(formatResultJson(r));
    expect(j.time).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(j.timeUnit).toBe('s');
    expect(j.columns.map((c: { id: string; unit: string; kind: string }) => [c.id, c.unit, c.kind])).toEqual([
      ['A', 'nM', 'species'],
      ['B', 'nM', 'species'],
    ]);
    expect(j.columns[0].values[2]).toBe(Math.exp(-1));
    expect(j.record.modelHash).toBe(r.record.modelHash);
  });

  it('writes non-finite values as null', () => {
    const r = makeResult(1, 1);
    r.values[0]![0] = Infinity;
    expect(JSON.parse(formatResultJson(r)).columns[0].values[0]).toBeNull();
  });
});

describe('writeFileAtomic', () => {
  it('creates missing directories and leaves no temporary file', async () => {
    const d = tmp();
    const p = join(d, 'a', 'b', 'out.txt');
    await writeFileAtomic(p, 'hello');
    expect(readFileSync(p, 'utf8')).toBe('hello');
    expect(readdirSync(join(d, 'a', 'b'))).toEqual(['out.txt']);
    await writeFileAtomic(p, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(p)]).toEqual([1, 2, 3]);
  });

  it('leaves the target untouched and cleans up when the write fails', async () => {
    const d = tmp();
    // The target is a non-empty directory: rename over it fails.
    const target = join(d, 'out.csv');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toBeInstanceOf(ExosimError);
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('x');
    expect(readdirSync(d)).toEqual(['out.csv']);
  });

  it('reports E_FILE_WRITE when the directory cannot be created', async () => {
    const d = tmp();
    writeFileSync(join(d, 'file'), 'x');
    const err = await writeFileAtomic(join(d, 'file', 'sub', 'out.csv'), 'y').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExosimError);
    expect((err as ExosimError).diagnostics[0]!.code).toBe('E_FILE_WRITE');
  });
});

describe('writeResult', () => {
  it('writes CSV or JSON by extension and the run record beside it', async () => {
    const d = tmp();
    const r = makeResult(3, 3);
    const out = await writeResult(join(d, 'r.csv'), r);
    expect(out.record).toBe(join(d, 'r.csv.run.json'));
    expect(readFileSync(out.result, 'utf8').split('\n')[0]).toBe('time,A,B');
    expect(JSON.parse(readFileSync(runRecordPath(out.result), 'utf8'))).toEqual(r.record);
    const outJ = await writeResult(join(d, 'r.json'), r);
    expect(JSON.parse(readFileSync(outJ.result, 'utf8')).columns).toHaveLength(2);
    expect(existsSync(join(d, 'r.json.run.json'))).toBe(true);
  });

  it('refuses other extensions before writing anything', async () => {
    const d = tmp();
    const err = await writeResult(join(d, 'r.txt'), makeResult()).catch((e: unknown) => e);
    expect((err as ExosimError).diagnostics[0]!.code).toBe('E_OUTPUT_FORMAT');
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('readModelFile', () => {
  it('reads text and tells the format from the extension', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.yml'), 'id: m\n');
    const r = await readModelFile(join(d, 'm.yml'), { displayName: 'm.yml' });
    expect(r).toEqual({ text: 'id: m\n', file: 'm.yml', format: 'yaml' });
    expect(sha256Hex(r.text)).toBe(createHash('sha256').update('id: m\n').digest('hex'));
  });

  it('gives E_FILE_NOT_FOUND, E_FILE_READ and E_FILE_FORMAT diagnostics naming the file', async () => {
    const d = tmp();
    const code = async (p: string): Promise<[string, string | undefined]> => {
      const e = (await readModelFile(p).catch((x: unknown) => x)) as ExosimError;
      expect(e).toBeInstanceOf(ExosimError);
      return [e.diagnostics[0]!.code, e.diagnostics[0]!.file];
    };
    expect(await code(join(d, 'missing.yaml'))).toEqual(['E_FILE_NOT_FOUND', join(d, 'missing.yaml')]);
    mkdirSync(join(d, 'dir.yaml'));
    expect((await code(join(d, 'dir.yaml')))[0]).toBe('E_FILE_READ');
    writeFileSync(join(d, 'm.txt'), 'x');
    expect((await code(join(d, 'm.txt')))[0]).toBe('E_FILE_FORMAT');
  });
});
