package org.ktcj.runtime.plugins;

import org.ktcj.KtcException;

/** Why a plugin cannot join the registry; the message is the reason {@link RejectedPlugin} shows. */
final class PluginRejectedException extends KtcException {
    private static final long serialVersionUID = 1L;

    PluginRejectedException(String reason) {
        super(reason);
    }

    PluginRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
