import time
t = time.perf_counter()
total = 0
for i in range(10_000_000):
    total += i
print(f"loop10M {time.perf_counter() - t:.6f}")
t = time.perf_counter()
x = 0.0
i = 0
while i < 10_000_000:
    x += 0.5
    i += 1
print(f"while10M {time.perf_counter() - t:.6f}")
