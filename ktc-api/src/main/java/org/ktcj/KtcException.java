package org.ktcj;

/**
 * A failure the user can act on: a bad model file, an unknown operator, an input of the wrong shape.
 * Its message is one line that names the file, node or option at fault; the command line prints only
 * that line (the stack trace with {@code --verbose}).
 */
public class KtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KtcException(String message) {
        super(message);
    }

    public KtcException(String message, Throwable cause) {
        super(message, cause);
    }
}
