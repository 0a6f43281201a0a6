package dev.twofa.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs tasks released together by a {@link CyclicBarrier}; for the thread-safety tests. */
final class Concurrently {

    static final int THREADS = 16;

    private Concurrently() {
    }

    /** Runs {@code parties} tasks at once and returns their results in task order. */
    static <T> List<T> run(int parties, IntFunction<Callable<T>> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(parties);
        ExecutorService pool = Executors.newFixedThreadPool(parties);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                Callable<T> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return c.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) e.getCause();
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
