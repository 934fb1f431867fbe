"""Timing shared by the benchmarks: the samples of a repeated call, in milliseconds, after one warm-up run (the first
call fills caches and connections; its time says nothing about the steady state)."""

import time


def samples_ms(function, repeat: int) -> list[float]:
    """`repeat` timings of `function()` in milliseconds, sorted, after one untimed warm-up call."""
    function()
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        timings.append((time.perf_counter() - began) * 1000)
    return sorted(timings)
