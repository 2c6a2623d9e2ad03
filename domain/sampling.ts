/**
 * Reproducible random samples for spot checks (隨機抽查): the same seed over
 * the same population always draws the same units, so a recorded seed lets
 * anyone re-draw and verify a past sample.
 */

/** A 32-bit hash of a string seed (FNV-1a). */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small, well-distributed PRNG, enough for drawing samples. */
function prng(seed: string): () => number {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws `size` distinct ids from the population. The population is sorted
 * first, so the order it was read in does not matter; the sample is returned
 * sorted too.
 */
export function drawSample(population: readonly string[], size: number, seed: string): string[] {
  const pool = [...new Set(population)].sort();
  const count = Math.max(0, Math.min(size, pool.length));
  const random = prng(seed);
  // Partial Fisher–Yates: the first `count` slots end up a uniform sample.
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count).sort();
}
