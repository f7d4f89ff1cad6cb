package org.ktcj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import org.ktcj.KtcException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ktc} command: a thin client of the runtime, one class per subcommand.
 *
 * <p>Exit status 0 on success, 2 for a usage error (unknown option, missing argument), 1 for any other
 * failure. A failure prints one line on stderr, {@code ktc: error: ...}; {@code --verbose} adds the stack
 * trace.
 */
@Command(name = "ktc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Takes a trained neural network to a Kneron NPU (built so far: import, optimize, edit, evaluate, analysis, float and fixed-point inference, bench, demo, plugins).",
        subcommands = {ImportCommand.class, OptimizeCommand.class, EditCommand.class, EvaluateCommand.class,
            AnalysisCommand.class, InferCommand.class, BenchCommand.class, DemoCommand.class, PluginsCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final String ERROR_PREFIX = "ktc: error: ";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own out and err writers. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setParameterExceptionHandler(Main::usageError);
        cmd.setExecutionExceptionHandler(Main::failure);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command (import, optimize, edit, evaluate, analysis, infer, bench, demo, plugins)");
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && cmd.getParent() == null && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().get(0) + "' (the commands are import, optimize, edit, evaluate, analysis, infer, bench, demo, plugins)";
        }
        PrintWriter err = cmd.getErr();
        err.println(ERROR_PREFIX + oneLine(message) + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        if (isVerbose(cmd.getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(parsed);
        if (e instanceof KtcException) {
            err.println(ERROR_PREFIX + oneLine(e.getMessage()));
        } else {
            // Not the user's fault: a bug or an environment problem; say so and point at the details.
            err.println(ERROR_PREFIX + "internal error: " + oneLine(String.valueOf(e))
                    + (verbose ? "" : " (--verbose shows the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** True when {@code --verbose} was given at any level of the command line. */
    private static boolean isVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The version from the build (a filtered resource), with the Java that runs it. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"ktc " + p.getProperty("version", "(unknown version)") + " (KTC-J), Java "
                    + Runtime.version()};
        }
    }
}
