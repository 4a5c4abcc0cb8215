/*
 * Preloaded (`node -r`) into each service when the rush profiles (BENCH_CPU_PROF=1). `--cpu-prof`
 * writes its file only when the process exits normally, but Nest's shutdown hook ends a service by
 * raising the signal again once it has closed (process.kill), which kills it before the profile is
 * written. While Nest's own listener is there this one does nothing, so the graceful close runs as
 * always; the raised signal then finds only this listener, which exits normally.
 */
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (process.listenerCount(signal) > 1) return;
    process.exit(0);
  });
}
