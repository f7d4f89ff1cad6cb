package org.ktcj.runtime.bie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.runtime.quant.FixedPointModel;

class BieFileRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void theSampleCoversEveryElementTypeAndAttributeKind() {
        assertEquals(EnumSet.allOf(DataType.class), EnumSet.copyOf(BieSamples.elementTypes()));
        EnumSet<Attribute.Kind> kinds = EnumSet.noneOf(Attribute.Kind.class);
        addKinds(BieSamples.everything().fixedModel().graph(), kinds);
        assertEquals(EnumSet.allOf(Attribute.Kind.class), kinds);
    }

    @Test
    void everyPartSurvivesAFile() {
        FixedPointModel model = BieSamples.everything();
        Path file = dir.resolve("model.bie");
        BieFile.write(model, file);
        assertEquals(ModelDump.of(model), ModelDump.of(BieFile.read(file)));
    }

    @Test
    void everyPartSurvivesBytes() {
        FixedPointModel model = BieSamples.everything();
        assertEquals(ModelDump.of(model), ModelDump.of(BieFile.fromBytes(BieFile.toBytes(model))));
    }

    @Test
    void quantParamsAndOptionsComeBackEqual() {
        FixedPointModel model = BieSamples.everything();
        FixedPointModel back = BieFile.fromBytes(BieFile.toBytes(model));
        assertEquals(model.params(), back.params());
        assertEquals(model.options(), back.options());
        assertEquals(model.chipId(), back.chipId());
    }

    @Test
    void aRealisticModelSurvives() {
        FixedPointModel model = BieSamples.small();
        Path file = dir.resolve("small.bie");
        BieFile.write(model, file);
        assertEquals(ModelDump.of(model), ModelDump.of(BieFile.read(file)));
    }

    @Test
    void theSameModelGivesTheSameBytesAndAReadModelWritesBackIdentically() {
        byte[] first = BieFile.toBytes(BieSamples.everything());
        assertArrayEquals(first, BieFile.toBytes(BieSamples.everything()));
        assertArrayEquals(first, BieFile.toBytes(BieFile.fromBytes(first)));
    }

    @Test
    void theFileIsHeaderPayloadAndChecksumAsDocumented() throws Exception {
        byte[] bytes = BieFile.toBytes(BieSamples.small());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("KTCBIE", new String(bytes, 0, 6, StandardCharsets.US_ASCII));
        assertEquals(BieFormat.MAJOR_VERSION, b.getShort(6));
        assertEquals(BieFormat.MINOR_VERSION, b.getShort(8));
        long payload = b.getLong(10);
        assertEquals(bytes.length, 18 + payload + 32);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, (int) (18 + payload)));
        assertArrayEquals(sha, Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length));
        assertTrue(BieFormat.producerVersion().matches("\\d+\\.\\d+.*"), BieFormat.producerVersion());
    }

    @Test
    void writingReplacesAnExistingFile() throws Exception {
        Path file = dir.resolve("model.bie");
        Files.writeString(file, "an older, unrelated file");
        BieFile.write(BieSamples.small(), file);
        assertEquals(ModelDump.of(BieSamples.small()), ModelDump.of(BieFile.read(file)));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "only the model: no temporary file left");
        }
    }

    private static void addKinds(org.ktcj.ir.Graph g, EnumSet<Attribute.Kind> kinds) {
        for (Node n : g.nodes()) {
            for (Attribute a : n.attributes().values()) {
                kinds.add(a.kind());
                if (a.kind() == Attribute.Kind.GRAPH) {
                    addKinds(a.graphValue(), kinds);
                }
            }
        }
    }
}
