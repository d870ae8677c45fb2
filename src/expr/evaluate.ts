/**
 * Tree-walking interpreter with the same semantics as the generated JavaScript (codegen.ts), for environments
 * where `new Function` is forbidden (browser CSP). Every operation is the same JS operation the generated code
 * performs, so results are bit-identical (shared decisions live in builtins.ts: powerForm, logBaseForm, rootForm).
 *
 * Semantics: booleans are 1/0; a condition holds when its value is truthy (non-zero and not NaN);
 * piecewise without `otherwise` gives NaN when no condition holds; `pi`, `avogadro` are constants; every
 * other identifier (including `time`) is read from `env`.
 */
import type { Expr, FunctionDef } from './ast.js';
import {
  AVOGADRO,
  factorial,
  logBaseForm,
  MATH_DIRECT,
  MATH_RECIPROCAL,
  powerForm,
  rootForm,
} from './builtins.js';

type Env = (name: string) => number;

const MATH = Math as unknown as Record<string, (...a: number[]) => number>;

function power(base: Expr, exponent: Expr, b: number, x: number): number {
  switch (powerForm(base, exponent)) {
    case 'square':
      return b * b;
    case 'cube':
      return b * b * b;
    case 'sqrt':
      return Math.sqrt(b);
    default:
      return Math.pow(b, x);
  }
}

class Interpreter {
  private readonly active: string[] = [];
  constructor(private readonly functions: ReadonlyMap<string, FunctionDef> | undefined) {}

  ev(e: Expr, env: Env): number {
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'bool':
        return e.value ? 1 : 0;
      case 'id':
        if (e.name === 'pi') return Math.PI;
        if (e.name === 'avogadro') return AVOGADRO;
        return env(e.name);
      case 'unary': {
        const a = this.ev(e.arg, env);
        return e.op === '-' ? -a : e.op === '+' ? a : a ? 0 : 1;
      }
      case 'binary':
        return this.evBinaryChain(e, env);
      case 'call':
        return this.evCall(e, env);
    }
  }

  /** Left operand chains iteratively (5,000-term sums). */
  private evBinaryChain(e: Extract<Expr, { kind: 'binary' }>, env: Env): number {
    const spine: Extract<Expr, { kind: 'binary' }>[] = [];
    let cur: Expr = e;
    while (cur.kind === 'binary') {
      spine.push(cur);
      cur = cur.left;
    }
    let v = this.ev(cur, env);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i]!;
      switch (b.op) {
        case '&&':
          v = v && this.ev(b.right, env) ? 1 : 0;
          break;
        case '||':
          v = v || this.ev(b.right, env) ? 1 : 0;
          break;
        default: {
          const r = this.ev(b.right, env);
          v = applyBinary(b.op, v, r, b.left, b.right);
        }
      }
    }
    return v;
  }

  private evCall(e: Extract<Expr, { kind: 'call' }>, env: Env): number {
    const { fn, args } = e;
    const direct = MATH_DIRECT.get(fn);
    if (direct !== undefined) {
      const f = MATH[direct]!;
      if (args.length === 1) return f(this.ev(args[0]!, env));
      return f(...args.map((a) => this.ev(a, env)));
    }
    const recip = MATH_RECIPROCAL.get(fn);
    if (recip !== undefined) return 1 / MATH[recip]!(this.ev(args[0]!, env));
    switch (fn) {
      case 'log':
        if (args.length === 1) return Math.log(this.ev(args[0]!, env));
        switch (logBaseForm(args[0]!)) {
          case 'log10':
            return Math.log10(this.ev(args[1]!, env));
          case 'log2':
            return Math.log2(this.ev(args[1]!, env));
          default: {
            const b = this.ev(args[0]!, env);
            const x = this.ev(args[1]!, env);
            return Math.log(x) / Math.log(b);
          }
        }
      case 'root':
        if (args.length === 1) return Math.sqrt(this.ev(args[0]!, env));
        switch (rootForm(args[0]!)) {
          case 'sqrt':
            return Math.sqrt(this.ev(args[1]!, env));
          case 'cbrt':
            return Math.cbrt(this.ev(args[1]!, env));
          default: {
            const n = this.ev(args[0]!, env);
            const x = this.ev(args[1]!, env);
            return Math.pow(x, 1 / n);
          }
        }
      case 'pow': {
        const b = this.ev(args[0]!, env);
        const x = this.ev(args[1]!, env);
        return power(args[0]!, args[1]!, b, x);
      }
      case 'piecewise': {
        const n = args.length;
        for (let i = 0; i + 1 < n; i += 2) {
          if (this.ev(args[i + 1]!, env)) return this.ev(args[i]!, env);
        }
        return n % 2 === 1 ? this.ev(args[n - 1]!, env) : NaN;
      }
      case 'factorial':
        return factorial(this.ev(args[0]!, env));
      case 'delay':
        throw new Error('delay() is not supported by the interpreter (no delay-differential equation support yet)');
    }
    const def = this.functions?.get(fn);
    if (!def) throw new Error(`unknown function '${fn}'`);
    if (def.params.length !== args.length) {
      throw new Error(`function ${fn}(${def.params.join(', ')}) takes ${def.params.length} argument(s) but was called with ${args.length}`);
    }
    if (this.active.includes(fn)) throw new Error(`recursive function definition: ${[...this.active, fn].join(' -> ')}`);
    const values = new Map<string, number>();
    def.params.forEach((p, i) => values.set(p, this.ev(args[i]!, env)));
    this.active.push(fn);
    try {
      // function bodies see their parameters; other names fall through to the model environment
      return this.ev(def.body, (name) => values.get(name) ?? env(name));
    } finally {
      this.active.pop();
    }
  }
}

/** One binary operation on evaluated operands (booleans as 1/0). Exported for constant folding. */
export function applyBinary(op: string, a: number, b: number, left: Expr, right: Expr): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return power(left, right, a, b);
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a == b ? 1 : 0;
    case '!=':
      return a != b ? 1 : 0;
    case '&&':
      return a && b ? 1 : 0;
    case '||':
      return a || b ? 1 : 0;
  }
  throw new Error(`unknown operator '${op}'`);
}

/**
 * Evaluate `e`. `env(name)` gives the value of every identifier except the constants `pi` and `avogadro`
 * (including `time`). User function calls are evaluated with `functions` (throws on unknown or recursive
 * functions); `delay` throws.
 */
export function evaluate(e: Expr, env: (name: string) => number, functions?: ReadonlyMap<string, FunctionDef>): number {
  return new Interpreter(functions).ev(e, env);
}
