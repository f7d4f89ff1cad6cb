package org.ktcj.runtime.plugins;

/** Where a plugin was found. */
public enum PluginSource {
    /** On the host's class path, listed in {@code META-INF/services/org.ktcj.spi.KtcPlugin}. */
    CLASSPATH,
    /** A file in the plugins directory, loaded with PF4J in a class loader of its own. */
    PLUGINS_DIR
}
