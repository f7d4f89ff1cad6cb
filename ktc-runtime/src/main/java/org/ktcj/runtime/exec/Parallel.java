package org.ktcj.runtime.exec;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * The threads a session computes with: splits index ranges across a fork-join pool. With one thread
 * everything runs on the caller, with no pool at all.
 */
public final class Parallel implements AutoCloseable {
    /** Work over a half-open index range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final ForkJoinPool pool;

    private Parallel(int threads) {
        this.threads = threads;
        this.pool = threads <= 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("ktc-worker-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Runs everything on the calling thread. */
    public static Parallel serial() {
        return SERIAL;
    }

    /** A pool of {@code threads} threads; 0 or less means one per available core. */
    public static Parallel of(int threads) {
        int n = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return n == 1 ? SERIAL : new Parallel(n);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over [0, n) split into chunks of at least {@code grain} indices, on all threads,
     * and returns when every chunk is done. A failure in any chunk is rethrown here.
     */
    public void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        if (pool == null || n <= g) {
            body.run(0, n);
            return;
        }
        // About four chunks per thread balances uneven work without much overhead.
        int chunks = Math.min((n + g - 1) / g, threads * 4);
        int chunk = (n + chunks - 1) / chunks;
        RangeTask task = new RangeTask(body, 0, n, chunk);
        if (inOwnPool()) {
            task.invoke();
        } else {
            pool.invoke(task);
        }
    }

    private boolean inOwnPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static final class RangeTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient RangeBody body;
        private final int start;
        private final int end;
        private final int chunk;

        RangeTask(RangeBody body, int start, int end, int chunk) {
            this.body = body;
            this.start = start;
            this.end = end;
            this.chunk = chunk;
        }

        @Override
        protected void compute() {
            if (end - start <= chunk) {
                body.run(start, end);
                return;
            }
            int pieces = (end - start + chunk - 1) / chunk;
            int mid = start + (pieces / 2) * chunk;
            invokeAll(new RangeTask(body, start, mid, chunk), new RangeTask(body, mid, end, chunk));
        }
    }
}
