package org.ktcj.cli;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * A progress line for long steps, redrawn in place on a terminal ("calibration 12/32") and silent when
 * stderr is not one (scripts and logs get no carriage returns).
 */
final class Progress implements IntConsumer {
    private final String what;
    private final int total;
    private final PrintStream err;

    private Progress(String what, int total, PrintStream err) {
        this.what = what;
        this.total = total;
        this.err = err;
    }

    /** A progress line on stderr when it is a terminal, else one that says nothing. */
    static IntConsumer of(String what, int total) {
        return System.console() != null ? new Progress(what, total, System.err) : done -> { };
    }

    @Override
    public synchronized void accept(int done) {
        err.print("\r" + what + " " + done + "/" + total + (done >= total ? System.lineSeparator() : ""));
        err.flush();
    }
}
