// A CPU-bound endpoint, and the same function timed under Node: node cpu.mjs N RUNS WARMUP (RUNS timed after
// WARMUP untimed ones, as many as the GraalJS side gets, so both are compared warm)
export function count_primes({ limit }) {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let isPrime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        isPrime = false;
        break;
      }
    }
    if (isPrime) count++;
  }
  return count;
}

if (typeof process !== "undefined" && process.argv[1] && process.argv[1].endsWith("cpu.mjs")) {
  const [limit, runs, warmup] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4] ?? 0)];
  const times = [];
  let result = 0;
  for (let i = 0; i < warmup; i++) count_primes({ limit });
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = count_primes({ limit });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${result} ${times[Math.floor(runs / 2)].toFixed(3)}`);
}
