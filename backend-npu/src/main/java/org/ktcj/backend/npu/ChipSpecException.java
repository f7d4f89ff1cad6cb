package org.ktcj.backend.npu;

import org.ktcj.KtcException;

/** A chip description that cannot be read: missing, malformed, or naming what it does not define. */
public class ChipSpecException extends KtcException {
    private static final long serialVersionUID = 1L;

    public ChipSpecException(String message) {
        super(message);
    }

    public ChipSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
