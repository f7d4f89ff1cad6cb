package org.ktcj.runtime.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.models.GraphBuilder;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.Violation;

/**
 * The evaluator on small graphs, with figures chosen to make the arithmetic checkable: 64 MACs at
 * 100 MHz, DRAM at one byte a cycle, efficiency one half. Placement is the KL720's.
 */
class EvaluatorTest {
    private static final HardwareParameters SMALL = hardware(1 << 20);

    private static HardwareParameters hardware(long sram) {
        return new HardwareParameters(64, 100, sram, 100_000_000L, Map.of("default", 0.5), Set.of());
    }

    private static ChipTarget kl720(HardwareParameters h) {
        return Chips.withHardware(Chips.target("720"), h);
    }

    @Test
    void aConvolutionCarriesItsBatchNormAndActivationAndReadsTheImageFourChannelsWide() {
        GraphBuilder g = new GraphBuilder("conv", 13, 1);
        String x = g.input("x", 1, 3, 8, 8);
        Model m = g.output(g.relu(g.batchNorm(g.conv(x, 16, 3, 1, 1, false)))).build();

        EvaluationReport r = Evaluator.evaluate(m, kl720(SMALL));

        NodeEstimate conv = r.node("conv_1").orElseThrow();
        assertEquals(LayerKind.CONV, conv.kind());
        assertEquals(16 * 8 * 8 * 3 * 9, conv.macs());
        assertEquals(16 * 3 * 9, conv.weightBytes(), "the BatchNormalization folds into the weights");
        // 3 of the 4 lanes of the image format: 27648 MACs / (64 x 0.5 x 0.75).
        assertEquals(1152, conv.computeCycles());
        // Weights, the model input read and the model output written, one byte a cycle.
        assertEquals(432 + 192 + 1024, conv.memoryCycles());
        assertEquals(Bound.MEMORY, conv.bound());
        assertEquals(1648 / 100e3, conv.timeMs(), 1e-12);
        for (String fused : List.of("bn_2", "relu_3")) {
            NodeEstimate n = r.node(fused).orElseThrow();
            assertEquals(NodeType.FUSED, n.type());
            assertEquals("conv_1", n.layer());
            assertEquals(0, n.cycles());
        }
        assertEquals(1648, r.totals().cycles());
        assertEquals(1000 / r.totals().timeMs(), r.totals().fps(), 1e-9);
        assertEquals(27648.0 / (1648 * 64), r.totals().macUtilisation(), 1e-12);
    }

    @Test
    void depthwisePointwiseAndDenseLayersAreTheirOwnKinds() {
        GraphBuilder g = new GraphBuilder("kinds", 13, 2);
        String x = g.input("x", 1, 32, 8, 8);
        String y = g.conv(g.conv(x, 32, 3, 1, 32, false), 16, 1, 1, 1, false);
        Model m = g.output(g.gemm(g.flatten(g.globalAveragePool(y)), 10)).build();

        EvaluationReport r = Evaluator.evaluate(m, kl720(SMALL));

        assertEquals(List.of(LayerKind.DEPTHWISE, LayerKind.POINTWISE, LayerKind.VECTOR, LayerKind.VIEW,
                LayerKind.DENSE), r.nodes().stream().map(NodeEstimate::kind).toList());
        assertEquals(List.of(32L * 64 * 9, 16L * 64 * 32, 0L, 0L, 160L),
                r.nodes().stream().map(NodeEstimate::macs).toList());
        assertEquals(16 * 10 + 10, r.node("gemm_5").orElseThrow().weightBytes());
        assertEquals(0, r.node("flatten_4").orElseThrow().cycles(), "a view moves nothing");
    }

    @Test
    void shapeArithmeticIsFoldedAwayAndAnUnknownBatchIsOne() {
        Graph graph = Graph.builder().name("reshape")
                .input(new ValueInfo("x", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(4), Dim.of(2),
                        Dim.of(2)))))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 16))
                .node(Node.builder("Constant").name("shape").outputs("s")
                        .attr("value", Tensor.ofLongs(new long[] {1, 16}, 2)).build())
                .node(Node.builder("Reshape").name("reshape").inputs("x", "s").outputs("y").build())
                .build();

        EvaluationReport r = Evaluator.evaluate(Model.builder(graph).opset(13).build(), kl720(SMALL));

        assertEquals(1, r.totals().foldedNodes());
        assertEquals(List.of("reshape"), r.nodes().stream().map(NodeEstimate::name).toList());
        assertEquals(16, r.node("reshape").orElseThrow().outputBytes());
    }

    @Test
    void anInputOfUnknownSizeIsNamed() {
        Graph graph = Graph.builder().name("open")
                .input(new ValueInfo("x", DataType.FLOAT, Shape.of(List.of(Dim.of(1), Dim.of(3), Dim.symbol("H"),
                        Dim.of(8)))))
                .output(ValueInfo.of("y", DataType.FLOAT))
                .node(Node.builder("Relu").name("relu").inputs("x").outputs("y").build())
                .build();
        KtcException e = assertThrows(KtcException.class,
                () -> Evaluator.evaluate(Model.builder(graph).opset(13).build(), kl720(SMALL)));
        assertEquals("model input 'x' has shape [1, 3, H, 8]: the evaluator needs every size but the batch; "
                + "fix them with ktc edit --input-shape", e.getMessage());
    }

    /** A ConvTranspose with strides (1, 3): no chip's NPU takes it, and no CPU runs MAC-array operators. */
    @ParameterizedTest
    @ValueSource(strings = {"520", "720", "530", "630"})
    void aNodeNothingRunsIsKneronsErrorWithTheRuleAndTheReport(String chip) {
        Graph graph = Graph.builder().name("up")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 4, 8, 8))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 4, 8, 24))
                .initializer("w", Tensor.zeros(DataType.FLOAT, 4, 4, 1, 3))
                .node(Node.builder("Relu").name("relu").inputs("x").outputs("r").build())
                .node(Node.builder("ConvTranspose").name("up").inputs("r", "w").outputs("y")
                        .attr("kernel_shape", 1, 3).attr("strides", 1, 3).build())
                .build();

        UnsupportedNodeException e = assertThrows(UnsupportedNodeException.class,
                () -> Evaluator.evaluate(Model.builder(graph).opset(13).build(), Chips.target(chip)));

        String expected = "Invalid program input: undefined CPU op [ConvTranspose] of node [up]: " + switch (chip) {
            case "520" -> "the KL520 NPU does not run ConvTranspose";
            case "720" -> "condition 9 (";
            default -> "condition 10 (";
        };
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertEquals(List.of("up"), e.report().totals().unsupportedNodes());
        assertEquals(NodeType.NPU, e.report().node("relu").orElseThrow().type(), "the report has every node");
    }

    @Test
    void aNodeOnTheCpuNamesTheConditionAndValuesAndItsDataGoesThroughDram() {
        GraphBuilder g = new GraphBuilder("resize", 13, 3);
        String x = g.input("x", 1, 16, 8, 8);
        String up = g.upsampleNearest(g.conv(x, 16, 3, 1, 1, false), 2, "asymmetric", "floor");
        Model m = g.output(g.conv(up, 8, 3, 1, 1, false)).build();

        EvaluationReport r = Evaluator.evaluate(m, kl720(SMALL));

        NodeEstimate resize = r.node("resize_2").orElseThrow();
        assertEquals(NodeType.CPU, resize.type());
        Violation v = resize.violations().get(0);
        assertEquals(35, v.condition());
        assertEquals(Map.of("axes changed in0->out0", "[-2, -1]"), v.values());
        assertEquals(List.of("resize_2"), r.totals().cpuNodes());
        assertEquals(16 * 64, r.node("conv_1").orElseThrow().dramWriteBytes(), "the CPU reads it from DRAM");
        assertEquals(16 * 256, r.node("conv_3").orElseThrow().dramReadBytes(), "the CPU wrote it there");
        assertEquals(0, resize.cycles(), "the time is the NPU's");
    }

    @Test
    void aMapWaitingForALaterStepStaysInSramWhenItFitsAndSpillsWhenNot() {
        GraphBuilder g = new GraphBuilder("residual", 13, 4);
        String x = g.input("x", 1, 16, 32, 32);
        String a = g.conv(x, 16, 3, 1, 1, false);
        Model m = g.output(g.add(a, g.conv(a, 16, 3, 1, 1, false))).build();
        int map = 16 * 32 * 32;

        EvaluationReport roomy = Evaluator.evaluate(m, kl720(SMALL));
        EvaluationReport tight = Evaluator.evaluate(m, kl720(hardware(map - 1)));

        assertEquals(List.of(0L, 0L, 0L), dram(roomy, "conv_1", "conv_2"));
        assertEquals(List.of((long) map, (long) map, 0L), dram(tight, "conv_1", "conv_2"),
                "written once, read back by each reader; the map only the next step reads is streamed");
        assertEquals(map, tight.node("add_3").orElseThrow().dramReadBytes());
        assertEquals(map, tight.node("add_3").orElseThrow().dramWriteBytes(), "a model output is written out");
    }

    /** conv_1's DRAM write, conv_2's DRAM read, and conv_2's DRAM write. */
    private static List<Long> dram(EvaluationReport r, String first, String second) {
        return List.of(r.node(first).orElseThrow().dramWriteBytes(), r.node(second).orElseThrow().dramReadBytes(),
                r.node(second).orElseThrow().dramWriteBytes());
    }

    @Test
    void aDenseLayerWithLargeWeightsWaitsForDram() {
        GraphBuilder g = new GraphBuilder("fc", 13, 5);
        Model m = g.output(g.gemm(g.input("x", 1, 1024), 1000)).build();

        NodeEstimate fc = Evaluator.evaluate(m, kl720(SMALL)).nodes().get(0);

        assertEquals(Bound.MEMORY, fc.bound());
        assertEquals(1024 * 1000 + 1000 + 1024 + 1000, fc.memoryCycles());
        assertEquals(1024 * 1000 / 32, fc.computeCycles());
    }
}
