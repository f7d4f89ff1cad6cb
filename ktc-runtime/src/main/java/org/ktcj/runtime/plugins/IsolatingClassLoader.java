package org.ktcj.runtime.plugins;

import java.util.List;
import org.ktcj.KtcException;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * The class loader of one plugin file: its own classes and jars first, then the JDK. Of the host it sees
 * only the API, so that the plugin and the host agree on the SPI's types, while everything else the plugin
 * uses (the NPU kit, Jackson, protobuf) is the copy in its own {@code lib/}: it cannot clash with the
 * host's version or another plugin's, and a dependency it forgot to bundle fails it at load time rather
 * than working by chance on one host.
 */
final class IsolatingClassLoader extends PluginClassLoader {
    /** The API's packages, always taken from the host: ktc-api's, and the logging and plugin APIs beside it. */
    private static final List<String> SHARED_PACKAGES = List.of("org.ktcj.ir.", "org.ktcj.spi.", "org.slf4j.",
            "org.pf4j.");
    /** ktc-api's one class outside those packages. */
    private static final String KTC_EXCEPTION = KtcException.class.getName();
    private static final ClassLoader HOST = IsolatingClassLoader.class.getClassLoader();

    IsolatingClassLoader(PluginManager manager, PluginDescriptor descriptor) {
        super(manager, descriptor, ClassLoader.getPlatformClassLoader(), ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        return isShared(className) ? HOST.loadClass(className) : super.loadClass(className);
    }

    /** Whether a class is the host's API rather than the plugin's own (a copy in lib/ is ignored). */
    static boolean isShared(String className) {
        return className.equals(KTC_EXCEPTION) || SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }
}
