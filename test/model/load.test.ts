import { describe, expect, it } from 'vitest';
import { detectFormat, loadModelText, modelJsonSchema, validateModel } from '../../src/model/index.js';

describe('loadModelText', () => {
  it('records the location of every field', () => {
    const text = ['id: m', 'compartments:', '  - id: cell', '    size: 2', 'species:', '  - id: A', '    compartment: cell', '    initialAmount: 3', ''].join('\n');
    const { loaded, diagnostics } = loadModelText(text, { file: 'm.yaml' });
    expect(diagnostics).toEqual([]);
    expect(loaded!.locations.get('species/0/initialAmount')).toEqual({ file: 'm.yaml', line: 8, column: 20 });
    expect(loaded!.locations.get('compartments/0/size')).toMatchObject({ line: 4 });
  });
  it('loads JSON with locations, and detects the format', () => {
    const text = '{\n  "id": "m",\n  "parameters": [\n    { "id": "k", "value": 1 }\n  ]\n}';
    expect(detectFormat('x.json', text)).toBe('json');
    expect(detectFormat(undefined, text)).toBe('json');
    expect(detectFormat('x.yml', 'id: m')).toBe('yaml');
    const { loaded } = loadModelText(text, { file: 'm.json' });
    expect(loaded!.locations.get('parameters/0/value')).toMatchObject({ line: 4 });
  });
  it('reports malformed YAML with line and column', () => {
    const { loaded, diagnostics } = loadModelText('id: m\nspecies: [a, b\n', { file: 'bad.yaml' });
    expect(loaded).toBeUndefined();
    expect(diagnostics[0]!.code).toBe('E_YAML_SYNTAX');
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });
  it('names a typo’d key with a did-you-mean hint and the allowed keys', () => {
    const { diagnostics } = loadModelText('id: m\nspecies:\n  - id: A\n    compartment: c\n    intialAmount: 1\n');
    const d = diagnostics.find((x) => x.code === 'E_SCHEMA')!;
    expect(d.message).toMatch(/intialAmount/);
    expect(d.hint).toMatch(/did you mean 'initialAmount'/);
    expect(d.line).toBe(5);
    expect(d.column).toBe(5);
  });
  it('names the field and the expected type on a type error', () => {
    const { diagnostics } = loadModelText('id: m\nparameters:\n  - { id: k, value: fast }\n');
    expect(diagnostics[0]!.code).toBe('E_SCHEMA');
    expect(diagnostics[0]!.message).toMatch(/parameters\[0\] \(k\)\.value must be a number, got the string "fast"/);
    expect(diagnostics[0]!.line).toBe(3);
  });
  it('refuses alias bombs', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const { loaded, diagnostics } = loadModelText(lines.join('\n'));
    expect(loaded).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
  });
  it('rejects duplicate keys', () => {
    const { diagnostics } = loadModelText('id: m\nid: n\n');
    expect(diagnostics[0]!.code).toBe('E_DUPLICATE_KEY');
    expect(diagnostics[0]!.line).toBe(2);
  });
  it('exports a JSON Schema of the document', () => {
    const s = modelJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['id', 'species', 'reactions', 'modules', 'units']));
  });
});

describe('validateModel', () => {
  it('collects every problem, not just the first, and points at the offending token', () => {
    const text = [
      'id: m',
      'compartments: [{ id: cell, size: 1 }]',
      'species:',
      '  - { id: A, compartment: cell, initialAmount: 1 }',
      '  - { id: A, compartment: nucleus, initialAmount: -1 }',
      'parameters: [{ id: kdeg, value: 1 }]',
      'reactions:',
      '  - { id: r1, equation: A -> B, rate: kdeg * Q }',
      '',
    ].join('\n');
    const { loaded } = loadModelText(text, { file: 'm.yaml' });
    const ds = validateModel(loaded!);
    const codes = ds.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['E_DUPLICATE_ID', 'E_UNKNOWN_COMPARTMENT', 'E_INVALID_INITIAL_VALUE', 'E_UNKNOWN_SPECIES', 'E_UNKNOWN_SYMBOL']));
    const sym = ds.find((d) => d.code === 'E_UNKNOWN_SYMBOL')!;
    expect(sym.line).toBe(8);
    // `Q` sits at column 46 of line 8 (1-based)
    expect(text.split('\n')[7]![sym.column! - 1]).toBe('Q');
    expect(sym.path).toEqual(['reactions', 0, 'rate']);
  });
  it('suggests the closest id for an unknown symbol', () => {
    const { loaded } = loadModelText('id: m\nparameters:\n  - { id: kdeg, value: 1 }\n  - { id: y, constant: false }\nrules:\n  - { type: assignment, variable: y, formula: 2 * kdg }\n');
    const d = validateModel(loaded!).find((x) => x.code === 'E_UNKNOWN_SYMBOL')!;
    expect(d.hint).toMatch(/kdeg/);
  });
  it('lists the cycle of assignment rules', () => {
    const { loaded } = loadModelText('id: m\nparameters: [{ id: a }, { id: b }, { id: c }]\nrules:\n  - { type: assignment, variable: a, formula: b }\n  - { type: assignment, variable: b, formula: c + 1 }\n  - { type: assignment, variable: c, formula: a }\n');
    const d = validateModel(loaded!).find((x) => x.code === 'E_CYCLIC_RULES')!;
    expect(d.message).toMatch(/a -> b -> c -> a/);
  });
  it('accepts numbers and unit-less parameters as dimension wildcards', () => {
    const text = 'id: m\ncompartments: [{ id: cell, size: 1, unit: pL }]\nspecies: [{ id: A, compartment: cell, initialConcentration: 1, unit: nM }]\nparameters: [{ id: k }]\ninitialAssignments: [{ symbol: k, formula: "2" }]\nreactions:\n  - { id: r1, equation: A ->, rate: k * A }\n';
    const { loaded } = loadModelText(text);
    expect(validateModel(loaded!).filter((d) => d.severity === 'error')).toEqual([]);
  });
  it('checks rate dimensions and accepts rate * compartment', () => {
    const mk = (rate: string) => loadModelText(`id: m\ncompartments: [{ id: cell, size: 1, unit: pL }]\nspecies: [{ id: A, compartment: cell, initialConcentration: 1, unit: nM }]\nparameters: [{ id: k, value: 1, unit: 1/min }]\nreactions:\n  - { id: r1, equation: A ->, rate: ${rate} }\n`).loaded!;
    const bad = validateModel(mk('k * A')).find((d) => d.code === 'E_DIMENSION_MISMATCH')!;
    expect(bad.hint).toMatch(/multiply by the compartment size, or use a named kinetic law/);
    expect(validateModel(mk('k * A * cell'))).toEqual([]);
  });
  it('warns about unused parameters', () => {
    const { loaded } = loadModelText('id: m\nparameters: [{ id: lonely, value: 1 }]\n');
    const ds = validateModel(loaded!);
    expect(ds.map((d) => [d.code, d.severity])).toEqual([['W_UNUSED_PARAMETER', 'warning']]);
  });
  it('reports both initialAmount and initialConcentration, and evaluates initial assignments in order', () => {
    const text = 'id: m\ncompartments: [{ id: c, size: 1 }]\nspecies: [{ id: A, compartment: c }]\nparameters: [{ id: x }, { id: y, value: 0 }]\ninitialAssignments:\n  - { symbol: A, formula: x }\n  - { symbol: x, formula: log(y) }\n';
    const ds = validateModel(loadModelText(text).loaded!);
    const bad = ds.filter((d) => d.code === 'E_INITIAL_VALUE_NOT_FINITE');
    // only the root cause (x = log(0) = -inf) is reported, not A which merely uses x
    expect(bad).toHaveLength(1);
    expect(bad[0]!.message).toMatch(/'x' evaluates to -Infinity/);
  });
});
