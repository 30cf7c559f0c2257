"""Summaries for benchmark timings: medians and percentiles (machines here are noisy)."""

import statistics


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        name: {
            "requests": len(values),
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2),
            "max_ms": round(max(values), 2),
        }
        for name, values in timings.items()
        if values
    }
