/**
 * Plugin discovery: {@link org.ktcj.runtime.plugins.PluginRegistry} gathers the
 * {@link org.ktcj.spi.KtcPlugin}s on the class path ({@link java.util.ServiceLoader}) and in a plugins
 * directory (PF4J), and is what the toolchain asks for a chip target, a frontend or an exporter.
 *
 * <p>A plugin file is loaded in a class loader of its own whose parent is the JDK's platform loader; only
 * the API (ktc-api's packages, SLF4J and PF4J) comes from the host, so a plugin bundles every other
 * library it uses in its {@code lib/}. How to write and package one: {@code docs/writing-a-chip-plugin.md}.
 */
package org.ktcj.runtime.plugins;
