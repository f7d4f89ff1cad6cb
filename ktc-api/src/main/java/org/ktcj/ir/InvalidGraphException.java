package org.ktcj.ir;

import org.ktcj.KtcException;

/** A graph that breaks the IR's rules: a dangling input, a cycle, a duplicate name, a type mismatch. */
public class InvalidGraphException extends KtcException {
    private static final long serialVersionUID = 1L;

    public InvalidGraphException(String message) {
        super(message);
    }
}
