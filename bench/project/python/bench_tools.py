"""The benchmark's Python tools: the SQL tool's lookup through db.execute, and a CPU-bound loop."""
from mxcp.runtime import db


def lookup_py(id: int) -> dict:
    """The same point lookup as lookup_sql, through the host's database bridge."""
    rows = db.execute("SELECT id, name, price FROM items WHERE id = $id", {"id": id})
    return rows[0] if rows else None


def primes_py(limit: int) -> int:
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
