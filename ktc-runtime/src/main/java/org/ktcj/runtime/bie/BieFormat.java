package org.ktcj.runtime.bie;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The constants of the {@code .bie} file layout (docs/formats.md): an 18-byte header (magic, format
 * version, payload length), the payload (a {@code ktc.bie.BieModel} protobuf message) and a SHA-256
 * checksum of everything before it.
 */
public final class BieFormat {
    /** The first six bytes of every {@code .bie} file, in ASCII. */
    public static final String MAGIC = "KTCBIE";
    /** The format major version this code writes; it reads this major version only. */
    public static final int MAJOR_VERSION = 1;
    /** The format minor version this code writes; files of any minor version of the major are read. */
    public static final int MINOR_VERSION = 0;
    /** Magic (6 bytes), major and minor (2 bytes each) and payload length (8 bytes). */
    public static final int HEADER_BYTES = 18;
    /** The checksum's algorithm, as {@link java.security.MessageDigest} names it. */
    public static final String CHECKSUM_ALGORITHM = "SHA-256";
    /** The checksum's length at the end of the file. */
    public static final int CHECKSUM_BYTES = 32;

    static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    static final int MAJOR_OFFSET = 6;
    static final int MINOR_OFFSET = 8;
    static final int LENGTH_OFFSET = 10;

    private BieFormat() {
    }

    /** This KTC-J's version, which files record as their producer ("0.1.0-SNAPSHOT"); "unknown" if not built. */
    public static String producerVersion() {
        return ProducerVersion.VALUE;
    }

    /** Read once, on first use: the build writes it into a resource. */
    private static final class ProducerVersion {
        static final String VALUE = load();

        private static String load() {
            Properties p = new Properties();
            try (InputStream in = BieFormat.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // a broken class path: the version is only informative
            }
            return p.getProperty("version", "unknown");
        }
    }
}
