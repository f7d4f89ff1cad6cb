package org.ktcj.runtime.bie;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Editing .bie bytes in tests. */
final class BieTestFiles {
    private BieTestFiles() {
    }

    /** Recomputes the checksum at the end after the bytes before it were changed. */
    static void resign(byte[] bie) {
        int checked = bie.length - BieFormat.CHECKSUM_BYTES;
        try {
            MessageDigest sha = MessageDigest.getInstance(BieFormat.CHECKSUM_ALGORITHM);
            sha.update(bie, 0, checked);
            System.arraycopy(sha.digest(), 0, bie, checked, BieFormat.CHECKSUM_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
