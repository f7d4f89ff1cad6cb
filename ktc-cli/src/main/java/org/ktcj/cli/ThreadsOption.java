package org.ktcj.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --threads} option of the commands that run a model. */
final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private int threads;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads per inference; 0 (the default) is one per core.")
    void set(int n) {
        if (n < 0) {
            throw new ParameterException(mixee.commandLine(), "--threads must be 0 (one per core) or more, not " + n);
        }
        threads = n;
    }

    /** The count given: 0 means one per core. */
    int value() {
        return threads;
    }

    /** The count in effect. */
    int resolved() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
