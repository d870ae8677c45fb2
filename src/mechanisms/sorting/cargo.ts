/**
 * Per-exosome cargo statistics (src/mechanisms/README.md, "Per-exosome cargo statistics").
 *
 * A pool of E exosomes carrying C copies of a miRNA, each copy loaded independently into one of the exosomes
 * (sorting samples the cytosol copy by copy), has multinomial occupancies; for E large each exosome's copy number is
 * Poisson with mean λ = C / E:
 *
 *     P(k copies) = λ^k e^(-λ) / k!,   fraction empty = e^(-λ),   fraction with >= 1 copy = 1 - e^(-λ).
 *
 * At λ = 0.00825 (Chevillet et al. 2014 PNAS 111:14888, the most abundant miRNA; parameters.md §0 #12) 99.18 % of
 * exosomes are empty and one exosome in ~121 carries a copy (parameters.md §2.1: "model the EV payload as Poisson,
 * most EVs empty"). The ODE and SSA views of a model share the two counts (EV, EV_miR), so both give the same λ.
 */

/** ln(k!) by summation (exact enough for the k of exosome cargo; Stirling series above 1e4). */
function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k > 1e4) return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k);
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** Poisson probability P(K = k | mean λ) = exp(k ln λ - λ - ln k!). */
export function poissonPmf(k: number, mean: number): number {
  if (!Number.isInteger(k) || k < 0) return 0;
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(mean) - mean - logFactorial(k));
}

/** P(K <= k | λ), summing the pmf by the recurrence p(j) = p(j-1) λ / j. */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  let p = Math.exp(-mean);
  let s = p;
  for (let j = 1; j <= Math.floor(k); j++) {
    p *= mean / j;
    s += p;
  }
  return Math.min(1, s);
}

/** Smallest k with P(K <= k) >= q (the q-quantile of a Poisson variable), q in [0, 1). */
export function poissonQuantile(q: number, mean: number): number {
  if (!(q >= 0 && q < 1)) throw new Error(`poissonQuantile: q must be in [0, 1) (got ${q})`);
  let p = Math.exp(-mean);
  let s = p;
  let k = 0;
  const kMax = Math.ceil(mean + 60 * Math.sqrt(mean + 1) + 60);
  while (s < q && k < kMax) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

export interface CargoDistribution {
  /** Mean copies per exosome λ = cargo / exosomes (molecule/exosome). */
  mean: number;
  /** Fraction of exosomes with no copy, e^(-λ). */
  fractionEmpty: number;
  /** Fraction with at least one copy, 1 - e^(-λ). */
  fractionLoaded: number;
  /** Exosomes per loaded exosome, 1 / (1 - e^(-λ)) (≈ 1/λ for small λ: "one copy per ~121 exosomes"). */
  exosomesPerLoaded: number;
  /** Mean copies in an exosome that carries at least one, λ / (1 - e^(-λ)). */
  meanIfLoaded: number;
  pmf(k: number): number;
  cdf(k: number): number;
  /** The q-quantile of copies per exosome. */
  quantile(q: number): number;
  /** 5 %, 50 %, 95 % and 99.9 % quantiles. */
  quantiles: { q05: number; q50: number; q95: number; q999: number };
}

/** The per-exosome cargo distribution of a pool of `exosomes` exosomes carrying `cargoCopies` copies. */
export function cargoDistribution(cargoCopies: number, exosomes: number): CargoDistribution {
  if (!(cargoCopies >= 0) || !Number.isFinite(cargoCopies)) throw new Error(`cargoDistribution: cargo copies must be finite and >= 0 (got ${cargoCopies})`);
  if (!(exosomes > 0) || !Number.isFinite(exosomes)) throw new Error(`cargoDistribution: exosomes must be finite and > 0 (got ${exosomes})`);
  const mean = cargoCopies / exosomes;
  return poissonCargo(mean);
}

/** The same from the mean copies per exosome λ (e.g. the sorting module's copies_per_EV). */
export function poissonCargo(mean: number): CargoDistribution {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new Error(`poissonCargo: mean must be finite and >= 0 (got ${mean})`);
  const empty = Math.exp(-mean);
  const loaded = -Math.expm1(-mean); // 1 - e^(-λ) without cancellation at small λ
  return {
    mean,
    fractionEmpty: empty,
    fractionLoaded: loaded,
    exosomesPerLoaded: loaded > 0 ? 1 / loaded : Infinity,
    meanIfLoaded: loaded > 0 ? mean / loaded : 1,
    pmf: (k) => poissonPmf(k, mean),
    cdf: (k) => poissonCdf(k, mean),
    quantile: (q) => poissonQuantile(q, mean),
    quantiles: { q05: poissonQuantile(0.05, mean), q50: poissonQuantile(0.5, mean), q95: poissonQuantile(0.95, mean), q999: poissonQuantile(0.999, mean) },
  };
}
