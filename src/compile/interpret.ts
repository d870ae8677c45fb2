/**
 * The interpreter back end of the compiler: the same kernels as the generated JavaScript (compile.ts,
 * events.ts), built without `new Function`, for environments that forbid code generation (a browser
 * Content-Security-Policy without 'unsafe-eval'). DESIGN.md: "an interpreter of the same AST as the fallback".
 *
 * Both back ends consume one description of each kernel, a KernelIR: the dependency-ordered locals of a
 * LocalEmitter (model symbols and assignment rules) plus a list of statements (synthetic locals such as flux
 * values, stores into the output / state / parameter arrays, a return value). The JavaScript back end prints
 * that description as source; this one translates it once, at compile time, into a flat register program
 * (instructions `op dst a b` in an Int32Array over a Float64Array register file), run by one loop: identifiers are
 * resolved to registers (locals), loads (state y[i], parameter p[i], root value g[i], event value v[i], time t) or
 * constants, so a call is a walk over the pre-resolved expression trees in evaluation order, with no Map lookups,
 * string comparisons or closure calls, and no boxing of intermediate doubles (the register file is unboxed).
 * Cost: about one dispatch per operation, so rate evaluations run ~20-30x slower than the V8-compiled generated
 * code on HIRES (~1.1M vs ~25-30M rates/s; a tree of closures returning numbers measured ~40-50x); a whole stiff
 * simulation, dominated by the solver's linear algebra, ~2-3x slower.
 *
 * Semantics are those of generateJs (src/expr/codegen.ts) and evaluate (src/expr/evaluate.ts), operation by
 * operation and in the same order, so results are bit-identical to the generated code: the same IEEE-754
 * operations (+ - * / and Math.*) on the same operands. Booleans are 1/0 (the generated code keeps JS booleans,
 * which arithmetic and Float64Array stores coerce to the same 1/0).
 */
import type { Expr } from '../expr/ast.js';
import { AVOGADRO, factorial, logBaseForm, MATH_DIRECT, MATH_RECIPROCAL, powerForm, rootForm, TIME } from '../expr/builtins.js';

/** Where an interpreted kernel reads and writes. One frame per kernel instance (not re-entrant). */
export interface Frame {
  t: number;
  y: Float64Array;
  p: Float64Array;
  /** Root values (event triggers). */
  g: Float64Array;
  /** Event assignment values (event apply). */
  v: Float64Array;
  /** The kernel's output argument (dydt, Jacobian values, outputs, trigger flags...). */
  out: Float64Array | Uint8Array;
  /** Register file: constants, locals and intermediate values. */
  R: Float64Array;
}

/** One statement of a kernel, after the emitter's locals. */
export type Stmt =
  /** Compute every local of the kernel's emitter, in dependency order. */
  | { kind: 'locals' }
  /** A synthetic local (flux `#r3`, partial derivative `#d3_1`), readable by later statements by name. */
  | { kind: 'local'; name: string; expr: Expr }
  /** arr[index] = expr (`bool`: store `expr ? 1 : 0`). */
  | { kind: 'store'; to: 'out' | 'y' | 'p'; index: number; expr: Expr; bool?: boolean }
  /** return expr (kernels that return a number: event delays, priorities). */
  | { kind: 'return'; expr: Expr };

/** A kernel as data: locals (name, value expression) in emission order, then statements. */
export interface KernelIR {
  locals: () => readonly { name: string; expr: Expr }[];
  stmts: Stmt[];
}

/** Cache of slotCode: slot identifier -> JavaScript (`$y5` -> `y[5]`). */
const SLOT_CODE = new Map<string, string>();

/**
 * Identifier conventions shared with the JavaScript back end: `$y<i>` = y[i], `$p<i>` = p[i], `$g<i>` = g[i],
 * `$v<i>` = vals[i], `time` = t; any other name is a local of the kernel.
 */
export function slotCode(name: string): string | undefined {
  if (name.charCodeAt(0) !== 36 /* $ */ || name.length < 3) return undefined;
  const hit = SLOT_CODE.get(name);
  if (hit !== undefined) return hit;
  const k = name[1];
  const rest = name.slice(2);
  if (!/^\d+$/.test(rest)) return undefined;
  let code: string;
  switch (k) {
    case 'y':
      code = `y[${rest}]`;
      break;
    case 'p':
      code = `p[${rest}]`;
      break;
    case 'g':
      code = `g[${rest}]`;
      break;
    case 'v':
      code = `vals[${rest}]`;
      break;
    default:
      return undefined;
  }
  // Memoised (the compiler asks for the same slots many times); bounded so that it cannot grow without limit.
  if (SLOT_CODE.size >= 200_000) SLOT_CODE.clear();
  SLOT_CODE.set(name, code);
  return code;
}

const EMPTY = new Float64Array(0);

/** An interpreted kernel: `frame(p)` makes a frame reading `p`; `run(frame)` executes the program and returns
 * the `return` value (0 without one). */
export interface InterpretedKernel {
  /** Number of registers. */
  size: number;
  frame(p: Float64Array): Frame;
  run(f: Frame): number;
}

// ------------------------------------------------------------------------------------------ instructions

// Opcodes. Each instruction is 4 int32: op, d, a, b (d: destination register; a, b: registers, indices or targets).
const MOV = 0; // R[d] = R[a]
const LDY = 1; // R[d] = y[a]
const LDP = 2; // R[d] = p[a]
const LDT = 3; // R[d] = t
const LDG = 4; // R[d] = g[a]
const LDV = 5; // R[d] = vals[a]
const ADD = 6;
const SUB = 7;
const MUL = 8;
const DIV = 9;
const NEG = 10; // R[d] = -R[a]
const NOT = 11; // R[d] = R[a] ? 0 : 1
const BOOL = 12; // R[d] = R[a] ? 1 : 0
const LT = 13;
const LE = 14;
const GT = 15;
const GE = 16;
const EQ = 17;
const NE = 18;
const SQR = 19; // x*x
const CUBE = 20; // x*x*x
const POW = 21; // Math.pow(R[a], R[b])
const M1 = 22; // R[d] = Math.<fn b>(R[a])   (b: index in MATH1)
const FACT = 23; // R[d] = factorial(R[a])
const JZ = 25; // if (!R[a]) pc = b
const JNZ = 26; // if (R[a]) pc = b
const JMP = 27; // pc = b
const STO = 28; // out[d] = R[a]
const STOB = 29; // out[d] = R[a] ? 1 : 0
const STY = 30; // y[d] = R[a]
const STP = 31; // p[d] = R[a]
const ATAN2 = 32; // R[d] = Math.atan2(R[a], R[b])
const MIN = 33; // R[d] = Math.min(R[a], R[b])
const MAX = 34; // R[d] = Math.max(R[a], R[b])

/** One-argument Math functions of M1, by index (the generated code calls the same functions). */
const MATH1 = [
  'exp',
  'log',
  'log10',
  'log2',
  'sqrt',
  'abs',
  'floor',
  'ceil',
  'sign',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'cbrt',
] as const;
const M1_INDEX = new Map<string, number>(MATH1.map((n, i) => [n, i]));

/** Math.<MATH1[fn]>(x), each call direct (V8 inlines the built-ins). */
function math1(fn: number, x: number): number {
  switch (fn) {
    case 0:
      return Math.exp(x);
    case 1:
      return Math.log(x);
    case 2:
      return Math.log10(x);
    case 3:
      return Math.log2(x);
    case 4:
      return Math.sqrt(x);
    case 5:
      return Math.abs(x);
    case 6:
      return Math.floor(x);
    case 7:
      return Math.ceil(x);
    case 8:
      return Math.sign(x);
    case 9:
      return Math.sin(x);
    case 10:
      return Math.cos(x);
    case 11:
      return Math.tan(x);
    case 12:
      return Math.asin(x);
    case 13:
      return Math.acos(x);
    case 14:
      return Math.atan(x);
    case 15:
      return Math.sinh(x);
    case 16:
      return Math.cosh(x);
    case 17:
      return Math.tanh(x);
    case 18:
      return Math.asinh(x);
    case 19:
      return Math.acosh(x);
    case 20:
      return Math.atanh(x);
    default:
      return Math.cbrt(x);
  }
}

/**
 * The interpreter loop. Registers hold doubles (booleans as 1/0). Case labels are literals (the opcode names in
 * comments): module-level constants would be compared one by one instead of through a jump table.
 */
function exec(code: Int32Array, f: Frame): void {
  const R = f.R;
  const y = f.y;
  const p = f.p;
  const n = code.length;
  let pc = 0;
  while (pc < n) {
    const op = code[pc]!;
    const d = code[pc + 1]!;
    const a = code[pc + 2]!;
    const b = code[pc + 3]!;
    pc += 4;
    switch (op) {
      case 0: // MOV
        R[d] = R[a]!;
        break;
      case 1: // LDY
        R[d] = y[a]!;
        break;
      case 2: // LDP
        R[d] = p[a]!;
        break;
      case 3: // LDT
        R[d] = f.t;
        break;
      case 4: // LDG
        R[d] = f.g[a]!;
        break;
      case 5: // LDV
        R[d] = f.v[a]!;
        break;
      case 6: // ADD
        R[d] = R[a]! + R[b]!;
        break;
      case 7: // SUB
        R[d] = R[a]! - R[b]!;
        break;
      case 8: // MUL
        R[d] = R[a]! * R[b]!;
        break;
      case 9: // DIV
        R[d] = R[a]! / R[b]!;
        break;
      case 10: // NEG
        R[d] = -R[a]!;
        break;
      case 11: // NOT
        R[d] = R[a] ? 0 : 1;
        break;
      case 12: // BOOL
        R[d] = R[a] ? 1 : 0;
        break;
      case 13: // LT
        R[d] = R[a]! < R[b]! ? 1 : 0;
        break;
      case 14: // LE
        R[d] = R[a]! <= R[b]! ? 1 : 0;
        break;
      case 15: // GT
        R[d] = R[a]! > R[b]! ? 1 : 0;
        break;
      case 16: // GE
        R[d] = R[a]! >= R[b]! ? 1 : 0;
        break;
      case 17: // EQ
        R[d] = R[a]! == R[b]! ? 1 : 0;
        break;
      case 18: // NE
        R[d] = R[a]! != R[b]! ? 1 : 0;
        break;
      case 19: {
        // SQR
        const x = R[a]!;
        R[d] = x * x;
        break;
      }
      case 20: {
        // CUBE
        const x = R[a]!;
        R[d] = x * x * x;
        break;
      }
      case 21: // POW
        R[d] = Math.pow(R[a]!, R[b]!);
        break;
      case 22: // M1
        R[d] = math1(b, R[a]!);
        break;
      case 32: // ATAN2
        R[d] = Math.atan2(R[a]!, R[b]!);
        break;
      case 33: // MIN
        R[d] = Math.min(R[a]!, R[b]!);
        break;
      case 34: // MAX
        R[d] = Math.max(R[a]!, R[b]!);
        break;
      case 23: // FACT
        R[d] = factorial(R[a]!);
        break;
      case 25: // JZ
        if (!R[a]) pc = b;
        break;
      case 26: // JNZ
        if (R[a]) pc = b;
        break;
      case 27: // JMP
        pc = b;
        break;
      case 28: // STO
        f.out[d] = R[a]!;
        break;
      case 29: // STOB
        f.out[d] = R[a] ? 1 : 0;
        break;
      case 30: // STY
        y[d] = R[a]!;
        break;
      case 31: // STP
        p[d] = R[a]!;
        break;
      default:
        throw new Error(`interpreter: bad opcode ${op}`);
    }
  }
}

// ------------------------------------------------------------------------------------------ translation

/** Binary operators -> opcodes (`^`, `&&`, `||` are handled separately). */
const BINARY_OPS: ReadonlyMap<string, number> = new Map([
  ['+', ADD],
  ['-', SUB],
  ['*', MUL],
  ['/', DIV],
  ['<', LT],
  ['<=', LE],
  ['>', GT],
  ['>=', GE],
  ['==', EQ],
  ['!=', NE],
]);

/**
 * Translates expressions into instructions. Every value gets its own register (no reuse: programs are small);
 * identical subtree objects (the DAGs differentiation builds) are computed once, except across conditional
 * branches (a value computed inside a branch is forgotten after it, since it may not have run).
 */
class Assembler {
  readonly code: number[] = [];
  /** Initial register values (constants; other registers start at 0). */
  readonly init: number[] = [];
  private readonly constants = new Map<string, number>();
  private memo = new Map<Expr, number>();
  constructor(private readonly leaf: (name: string) => number) {}

  reg(): number {
    this.init.push(0);
    return this.init.length - 1;
  }

  constant(v: number): number {
    const key = Object.is(v, -0) ? '-0' : String(v); // NaN, Infinity included
    const hit = this.constants.get(key);
    if (hit !== undefined) return hit;
    const r = this.reg();
    this.init[r] = v;
    this.constants.set(key, r);
    return r;
  }

  emit(op: number, d: number, a = 0, b = 0): number {
    this.code.push(op, d, a, b);
    return this.code.length - 4;
  }

  /** Current position (instruction index) and back-patching of jump targets. */
  get here(): number {
    return this.code.length / 4;
  }
  patch(at: number): void {
    this.code[at + 3] = this.here * 4;
  }

  private op(op: number, a: number, b = 0): number {
    const d = this.reg();
    this.emit(op, d, a, b);
    return d;
  }

  /** Run `f` as a conditional region: subtrees first computed inside are not reused after it. */
  private branch<T>(f: () => T): T {
    const saved = this.memo;
    this.memo = new Map(saved);
    try {
      return f();
    } finally {
      this.memo = saved;
    }
  }

  /** Register holding the value of `e` (instructions appended as needed). */
  expr(e: Expr): number {
    const hit = this.memo.get(e);
    if (hit !== undefined) return hit;
    const r = this.build(e);
    this.memo.set(e, r);
    return r;
  }

  private build(e: Expr): number {
    switch (e.kind) {
      case 'num':
        return this.constant(e.value);
      case 'bool':
        return this.constant(e.value ? 1 : 0);
      case 'id':
        if (e.name === 'pi') return this.constant(Math.PI);
        if (e.name === 'avogadro') return this.constant(AVOGADRO);
        return this.leaf(e.name);
      case 'unary': {
        const a = this.expr(e.arg);
        if (e.op === '+') return a; // unary plus of a number is the identity (also for NaN, -0)
        return this.op(e.op === '-' ? NEG : NOT, a);
      }
      case 'binary':
        return this.chain(e);
      case 'call':
        return this.call(e);
    }
  }

  /** A left-leaning chain `((a op b) op c) ...`, iteratively (5,000-term sums do not recurse 5,000 deep). */
  private chain(e: Extract<Expr, { kind: 'binary' }>): number {
    const spine: Extract<Expr, { kind: 'binary' }>[] = [];
    let cur: Expr = e;
    while (cur.kind === 'binary' && cur.op !== '^' && !this.memo.has(cur)) {
      spine.push(cur);
      cur = cur.left;
    }
    let acc = cur.kind === 'binary' && cur.op === '^' && !this.memo.has(cur) ? this.power(cur.left, cur.right) : this.expr(cur);
    if (cur.kind === 'binary' && !this.memo.has(cur)) this.memo.set(cur, acc);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i]!;
      acc = this.binary(b.op, acc, b.right);
      if (i > 0) this.memo.set(b, acc);
    }
    return acc;
  }

  /** `left op right` with the left operand already in register `l`. */
  private binary(op: string, l: number, right: Expr): number {
    if (op === '&&' || op === '||') {
      // short-circuit as the generated `!!a && !!b`: d = l ? 1 : 0; if (l) [or !l] d = right ? 1 : 0
      const d = this.reg();
      this.emit(BOOL, d, l);
      const j = this.emit(op === '&&' ? JZ : JNZ, 0, l);
      this.branch(() => this.emit(BOOL, d, this.expr(right)));
      this.patch(j);
      return d;
    }
    const code = BINARY_OPS.get(op);
    if (code === undefined) throw new Error(`unknown operator '${op}'`);
    return this.op(code, l, this.expr(right));
  }

  /** base ^ exponent and pow(base, exponent): PowerForm rules of builtins.ts (as generateJs). */
  private power(base: Expr, exponent: Expr): number {
    switch (powerForm(base, exponent)) {
      case 'square':
        return this.op(SQR, this.expr(base)); // generated: (b*b)
      case 'cube':
        return this.op(CUBE, this.expr(base)); // generated: (b*b*b)
      case 'sqrt':
        return this.op(M1, this.expr(base), M1_INDEX.get('sqrt')!);
      default: {
        const b = this.expr(base);
        return this.op(POW, b, this.expr(exponent));
      }
    }
  }

  private math1(name: string, a: number): number {
    const i = M1_INDEX.get(name);
    if (i === undefined) throw new Error(`interpreter: no Math.${name}`);
    return this.op(M1, a, i);
  }

  private call(e: Extract<Expr, { kind: 'call' }>): number {
    const { fn, args } = e;
    const direct = MATH_DIRECT.get(fn);
    if (direct !== undefined) {
      if (direct === 'min' || direct === 'max' || direct === 'atan2') {
        // Math.min(a, b, c) = Math.min(Math.min(a, b), c) for all doubles (NaN, -0 < +0), likewise max
        const code = direct === 'min' ? MIN : direct === 'max' ? MAX : ATAN2;
        const regs = args.map((a) => this.expr(a));
        if (regs.length === 1) return this.op(code === MIN ? MIN : MAX, regs[0]!, this.constant(direct === 'min' ? Infinity : -Infinity));
        let acc = this.op(code, regs[0]!, regs[1]!);
        for (let i = 2; i < regs.length; i++) acc = this.op(code, acc, regs[i]!);
        return acc;
      }
      return this.math1(direct, this.expr(args[0]!));
    }
    const recip = MATH_RECIPROCAL.get(fn);
    if (recip !== undefined) {
      // generated: (1 / Math.cos(x))
      const v = this.math1(recip, this.expr(args[0]!));
      return this.op(DIV, this.constant(1), v);
    }
    switch (fn) {
      case 'log': {
        if (args.length === 1) return this.math1('log', this.expr(args[0]!));
        switch (logBaseForm(args[0]!)) {
          case 'log10':
            return this.math1('log10', this.expr(args[1]!));
          case 'log2':
            return this.math1('log2', this.expr(args[1]!));
          default: {
            // generated: (Math.log(x) / Math.log(b))
            const x = this.math1('log', this.expr(args[1]!));
            const b = this.math1('log', this.expr(args[0]!));
            return this.op(DIV, x, b);
          }
        }
      }
      case 'root': {
        if (args.length === 1) return this.math1('sqrt', this.expr(args[0]!));
        switch (rootForm(args[0]!)) {
          case 'sqrt':
            return this.math1('sqrt', this.expr(args[1]!));
          case 'cbrt':
            return this.math1('cbrt', this.expr(args[1]!));
          default: {
            // generated: Math.pow(x, 1 / n)
            const x = this.expr(args[1]!);
            const inv = this.op(DIV, this.constant(1), this.expr(args[0]!));
            return this.op(POW, x, inv);
          }
        }
      }
      case 'pow':
        return this.power(args[0]!, args[1]!);
      case 'piecewise': {
        // (c0 ? v0 : (c1 ? v1 : otherwise)); no otherwise -> NaN
        // Only the first condition always runs: values computed after it are forgotten at the end.
        const n = args.length;
        const d = this.reg();
        const ends: number[] = [];
        this.branch(() => {
          for (let i = 0; i + 1 < n; i += 2) {
            const c = this.expr(args[i + 1]!);
            const skip = this.emit(JZ, 0, c);
            this.branch(() => this.emit(MOV, d, this.expr(args[i]!)));
            ends.push(this.emit(JMP, 0));
            this.patch(skip);
          }
          this.emit(MOV, d, n % 2 === 1 ? this.expr(args[n - 1]!) : this.constant(NaN));
        });
        for (const j of ends) this.patch(j);
        return d;
      }
      case 'factorial':
        return this.op(FACT, this.expr(args[0]!));
      case 'delay':
        throw new Error('delay() is not supported by the interpreter: ExoSim does not simulate delay-differential equations yet; remove delay() from the model');
    }
    throw new Error(`cannot interpret a call to user function '${fn}': inline function definitions first (inlineFunctions)`);
  }

}

// ------------------------------------------------------------------------------------------ kernels

/**
 * Translate a kernel description into a register program, resolving every identifier once, here. Locals are
 * registers; a local whose value is a plain identifier or constant shares its register (the generated
 * `const v_x = v_y` copies the same value).
 */
export function interpretKernel(ir: KernelIR): InterpretedKernel {
  const bound = new Map<string, number>();
  let asm: Assembler;
  const leaf = (name: string): number => {
    const b = bound.get(name);
    if (b !== undefined) return b;
    if (name === TIME) {
      const d = asm.reg();
      asm.emit(LDT, d);
      return d;
    }
    if (slotCode(name) !== undefined) {
      const i = Number(name.slice(2));
      const op = name[1] === 'y' ? LDY : name[1] === 'p' ? LDP : name[1] === 'g' ? LDG : LDV;
      const d = asm.reg();
      asm.emit(op, d, i);
      return d;
    }
    throw new Error(`interpreter: unresolved identifier '${name}'`);
  };
  asm = new Assembler(leaf);
  let ret = -1;
  const define = (name: string, e: Expr) => bound.set(name, asm.expr(e));
  for (const s of ir.stmts) {
    switch (s.kind) {
      case 'locals':
        for (const l of ir.locals()) define(l.name, l.expr);
        break;
      case 'local':
        define(s.name, s.expr);
        break;
      case 'store': {
        const r = asm.expr(s.expr);
        asm.emit(s.to === 'out' ? (s.bool ? STOB : STO) : s.to === 'y' ? STY : STP, s.index, r);
        break;
      }
      case 'return':
        ret = asm.expr(s.expr);
        break;
    }
  }
  const code = Int32Array.from(asm.code);
  const init = Float64Array.from(asm.init);
  const r = ret;
  return {
    size: init.length,
    frame: (p) => ({ t: 0, y: EMPTY, p, g: EMPTY, v: EMPTY, out: EMPTY, R: Float64Array.from(init) }),
    run: (f) => {
      exec(code, f);
      return r >= 0 ? f.R[r]! : 0;
    },
  };
}
