import time
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
t = time.perf_counter()
fib(27)
print(f"fib27 {time.perf_counter() - t:.6f}")
