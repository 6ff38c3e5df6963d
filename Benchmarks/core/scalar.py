# Twin of scalar.fls in plain CPython.
import time


def count_primes(n):
    c = 0
    for k in range(2, n):
        p = True
        d = 2
        while d * d <= k:
            if k % d == 0:
                p = False
                break
            d += 1
        if p:
            c += 1
    return c


t = time.perf_counter()
count_primes(200000)
print(f"primes200k {time.perf_counter() - t:.6f}")


def harmonic(n):
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / k
    return s


t = time.perf_counter()
harmonic(5000000)
print(f"harmonic5M {time.perf_counter() - t:.6f}")


def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


t = time.perf_counter()
longest = 0
for i in range(1, 100000):
    s = collatz(i)
    if s > longest:
        longest = s
print(f"collatz100k {time.perf_counter() - t:.6f}")


def sq(x):
    return x * x


t = time.perf_counter()
total = 0
for i in range(1000000):
    total += sq(i)
print(f"calls1M {time.perf_counter() - t:.6f}")
