"""A CPU-bound endpoint, and the same function timed under CPython: python3 cpu.py N RUNS."""


def count_primes(limit: int) -> int:
    """Primes below limit by trial division: pure-Python loops and integer arithmetic."""
    count = 0
    for n in range(2, limit):
        is_prime = True
        d = 2
        while d * d <= n:
            if n % d == 0:
                is_prime = False
                break
            d += 1
        if is_prime:
            count += 1
    return count


if __name__ == "__main__":
    import statistics
    import sys
    import time

    limit, runs = int(sys.argv[1]), int(sys.argv[2])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = count_primes(limit)
        times.append(time.perf_counter() - start)
    print(f"{result} {statistics.median(times) * 1000:.3f}")
