def gb_seconds(memory_mb, duration_ms):
    return memory_mb / 1024 * duration_ms / 1000


slow = gb_seconds(memory_mb=128, duration_ms=1_000)
fast = gb_seconds(memory_mb=512, duration_ms=200)
print(f"128 MB for 1,000 ms: {slow:.3f} GB-s")
print(f"512 MB for   200 ms: {fast:.3f} GB-s")
print("cheaper:", "512 MB" if fast < slow else "128 MB")
