package org.ktcj.runtime.exec;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads a session computes with: splits index ranges across the calling thread and a few
 * persistent workers. With one thread everything runs on the caller, with no workers at all.
 *
 * <p>An inference makes a hundred or more of these calls, each only a fraction of a millisecond of
 * work, so handing out work must cost little: the caller computes chunks itself instead of waiting,
 * and workers spin briefly for the next call before they park. A call made while the workers are busy
 * (from inside a body, or by a second run of the session at the same time) runs on its own thread.
 * Chunks are claimed in any order, so a body's result must not depend on which thread runs it.
 */
public final class Parallel implements AutoCloseable {
    /** Work over a half-open index range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final Parallel SERIAL = new Parallel(1);
    /** Stops the workers of a Parallel that is dropped without being closed. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final int threads;
    /** Null for one thread. The workers hold this, never the Parallel, so an unused Parallel can be cleaned. */
    private final Crew crew;
    private final Cleaner.Cleanable cleanable;

    private Parallel(int threads) {
        this.threads = threads;
        if (threads > 1) {
            crew = new Crew(threads - 1);
            cleanable = CLEANER.register(this, crew::stop);
        } else {
            crew = null;
            cleanable = null;
        }
    }

    /** Runs everything on the calling thread. */
    public static Parallel serial() {
        return SERIAL;
    }

    /** {@code threads} threads (the caller and {@code threads - 1} workers); 0 or less means one per core. */
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
        if (crew == null || n <= g || !crew.busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        // About four chunks per thread balances uneven work without much overhead.
        int chunks = Math.min((n + g - 1) / g, threads * 4);
        Job job = new Job(body, n, (n + chunks - 1) / chunks);
        try {
            crew.start(job);
            job.work();
            job.awaitDone();
        } finally {
            crew.finish();
            crew.busy.set(false);
        }
        job.rethrow();
    }

    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    /** One forRange call: chunks claimed by whichever thread comes first. */
    private static final class Job {
        private static final AtomicLong IDS = new AtomicLong();
        final long id = IDS.getAndIncrement();
        private final RangeBody body;
        private final int n;
        private final int chunk;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();
        private volatile boolean callerParked;

        Job(RangeBody body, int n, int chunk) {
            this.body = body;
            this.n = n;
            this.chunk = chunk;
            this.chunks = (n + chunk - 1) / chunk;
        }

        /** Runs chunks until none is left to claim. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.run(c * chunk, Math.min(n, (c + 1) * chunk));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == chunks && Thread.currentThread() != caller && callerParked) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        boolean finished() {
            return done.get() == chunks;
        }

        /** The caller waits for the chunks workers still run: a short spin, then parked. */
        void awaitDone() {
            long spinUntil = System.nanoTime() + Crew.SPIN_NANOS;
            while (!finished() && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            while (!finished()) {
                callerParked = true;
                if (!finished()) {
                    LockSupport.park(this);
                }
            }
        }

        void rethrow() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** The worker threads and the job they are offered. */
    private static final class Crew {
        /** How long a thread spins for work before parking: longer than the gap between most calls. */
        static final long SPIN_NANOS = 200_000;

        final AtomicBoolean busy = new AtomicBoolean();
        private final Worker[] workers;
        /** The call in progress, null between calls (so that no finished call's data stays reachable). */
        private volatile Job job;
        private volatile boolean stopped;

        Crew(int count) {
            workers = new Worker[count];
            for (int i = 0; i < count; i++) {
                workers[i] = new Worker();
                workers[i].thread = new Thread(workers[i]::loop, "ktc-worker-" + i);
                workers[i].thread.setDaemon(true);
            }
            for (Worker w : workers) {
                w.thread.start();
            }
        }

        /** Offers the job to the workers; {@link #finish} withdraws it. */
        void start(Job j) {
            job = j;
            // A worker sets parked before it looks for a job a last time, and the job is published before
            // parked is read here: one of the two always sees the other.
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
        }

        void finish() {
            job = null;
        }

        void stop() {
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w.thread);
            }
        }

        private final class Worker {
            Thread thread;
            volatile boolean parked;

            void loop() {
                long last = -1;
                while (!stopped) {
                    Job j = next(last);
                    if (j != null) {
                        last = j.id;
                        j.work();
                    }
                }
            }

            /** A job other than the one numbered {@code last}: spinning for it first, then parked; null when stopped. */
            private Job next(long last) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (System.nanoTime() < spinUntil) {
                    Job j = job;
                    if (j != null && j.id != last || stopped) {
                        return j;
                    }
                    Thread.onSpinWait();
                }
                parked = true;
                try {
                    while (true) {
                        Job j = job;
                        if (j != null && j.id != last || stopped) {
                            return j;
                        }
                        LockSupport.park(this);
                    }
                } finally {
                    parked = false;
                }
            }
        }
    }
}
