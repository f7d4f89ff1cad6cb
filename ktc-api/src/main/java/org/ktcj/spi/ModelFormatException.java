package org.ktcj.spi;

import org.ktcj.KtcException;

/** A model file that cannot be read: not of the format, truncated, malformed, or missing a part. */
public class ModelFormatException extends KtcException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
