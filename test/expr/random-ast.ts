/** Seeded random expression trees for property tests (mulberry32 PRNG; never Math.random). */
import { BUILTINS, type BinaryOp, type Expr, type UnaryOp } from '../../src/expr/index.js';
import { mulberry32 } from '../helpers/prng.js';
export { mulberry32 };


const BINOPS: BinaryOp[] = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||'];
const UNOPS: UnaryOp[] = ['-', '+', '!'];
const NAMES = ['x', 'y', 'k1', 'S_a', 'donor.dicer.kcat', 'time', 'pi', 'avogadro', '_z9'];
const NUMBERS = [0, 1, 2, 3, 0.5, 10, 1e-3, 2.5e6, 1e21, 5e-324, Number.MAX_VALUE, 0.1 + 0.2, Infinity, NaN, 123456789.123];

export interface RandomAstOptions {
  /** Include calls to these user functions (name -> arity). */
  userFunctions?: ReadonlyMap<string, number>;
  /** Exclude these built-ins. */
  excludeBuiltins?: ReadonlySet<string>;
  /** Only numbers in a "friendly" range (for evaluation tests). */
  friendlyNumbers?: boolean;
}

export function randomAst(rand: () => number, depth: number, opts: RandomAstOptions = {}): Expr {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const builtins = [...BUILTINS.keys()].filter((b) => !opts.excludeBuiltins?.has(b));
  const leaf = (): Expr => {
    const r = rand();
    if (r < 0.4) {
      const n = opts.friendlyNumbers ? pick([0, 1, 2, 3, 0.5, 0.25, 1.5, 4, 10]) : rand() < 0.5 ? pick(NUMBERS) : Math.floor(rand() * 1000) / 8;
      return { kind: 'num', value: n };
    }
    if (r < 0.45) return { kind: 'bool', value: rand() < 0.5 };
    return { kind: 'id', name: pick(NAMES) };
  };
  if (depth <= 0 || rand() < 0.2) return leaf();
  const r = rand();
  if (r < 0.15) return { kind: 'unary', op: pick(UNOPS), arg: randomAst(rand, depth - 1, opts) };
  if (r < 0.65) {
    return { kind: 'binary', op: pick(BINOPS), left: randomAst(rand, depth - 1, opts), right: randomAst(rand, depth - 1, opts) };
  }
  const users = opts.userFunctions ? [...opts.userFunctions] : [];
  if (users.length > 0 && rand() < 0.15) {
    const [fn, n] = pick(users);
    return { kind: 'call', fn, args: Array.from({ length: n }, () => randomAst(rand, depth - 1, opts)) };
  }
  const fn = pick(builtins);
  const info = BUILTINS.get(fn)!;
  const max = Math.min(info.maxArgs, info.minArgs + 4);
  const n = info.minArgs + Math.floor(rand() * (max - info.minArgs + 1));
  return { kind: 'call', fn, args: Array.from({ length: n }, () => randomAst(rand, depth - 1, opts)) };
}
