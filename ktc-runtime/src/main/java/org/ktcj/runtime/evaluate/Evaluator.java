package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.ops.ShapeInference;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.Placement;
import org.ktcj.spi.chip.ShapedNode;

/**
 * The IP evaluator: places every node of a model on a chip's NPU or CPU, and estimates the NPU's time
 * with one performance model for every chip, each chip supplying its figures
 * ({@link ChipTarget#hardware()}).
 *
 * <p>The estimate, layer by layer (see {@code docs/performance-model.md}): nodes computed from
 * constants are folded away; a BatchNormalization or activation after a convolution is fused into it
 * ({@link Fusion}); a layer's MACs run at the MAC array's rate times the efficiency of its kind
 * ({@link LayerKind}) and the channel lanes it fills, other ops stream their bytes through the vector
 * unit; feature maps stay in SRAM when they fit and spill to DRAM when they do not ({@link SramPlan});
 * weights come from DRAM; compute and DMA overlap, so a layer takes the longer of the two ({@link Cost}).
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * Evaluates a model on a chip. Inputs of unknown batch size are taken with batch 1.
     *
     * @return the report, when every node runs on the NPU or the CPU
     * @throws UnsupportedNodeException when a node runs nowhere; it carries the full report
     * @throws org.ktcj.KtcException when a model input has an unknown size other than the batch
     */
    public static EvaluationReport evaluate(Model model, ChipTarget chip) {
        EvaluationReport report = new Run(model, chip).report();
        List<NodeEstimate> unsupported = report.nodes().stream().filter(n -> n.type() == NodeType.UNSUPPORTED)
                .toList();
        if (!unsupported.isEmpty()) {
            NodeEstimate first = unsupported.get(0);
            String more = unsupported.size() > 1 ? " (and " + (unsupported.size() - 1) + " more unsupported nodes)"
                    : "";
            throw new UnsupportedNodeException(new Placement(Placement.Unit.UNSUPPORTED, first.opType(),
                    first.name(), first.violations(), first.notes()).message() + more, report);
        }
        return report;
    }

    /** One evaluation: the model's shapes, its steps and their costs. */
    private static final class Run {
        private final Model model;
        private final ChipTarget chip;
        private final Graph graph;
        private final ShapeInference.Result shapes;
        private final Set<String> constants = new HashSet<>();
        private final Set<Node> folded = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Map<String, Integer> readers = new HashMap<>();
        private final Map<Node, Placement> placements = new IdentityHashMap<>();
        private final Map<Node, Step> stepOf = new IdentityHashMap<>();
        private final List<Step> steps = new ArrayList<>();

        Run(Model model, ChipTarget chip) {
            this.model = model;
            this.chip = chip;
            this.graph = model.graph();
            this.shapes = ShapeInference.infer(graph, model.opset(), OperatorRegistry.standard(), false,
                    InputSizes.fixBatch(graph));
            findFolded();
            buildSteps();
        }

        /** Nodes whose inputs are all constants run once, when the model is compiled, not on the chip. */
        private void findFolded() {
            constants.addAll(shapes.constants().keySet());
            for (Node node : graph.nodes()) {
                boolean fromConstants = node.inputs().stream().allMatch(i -> i.isEmpty() || constants.contains(i));
                boolean valuesKnown = !node.outputs().isEmpty()
                        && node.outputs().stream().allMatch(o -> o.isEmpty() || constants.contains(o));
                if (fromConstants || valuesKnown) {
                    folded.add(node);
                    node.outputs().stream().filter(o -> !o.isEmpty()).forEach(constants::add);
                } else {
                    for (String in : node.inputs()) {
                        readers.merge(in, 1, Integer::sum);
                    }
                }
            }
        }

        private void buildSteps() {
            Set<String> modelInputs = new HashSet<>();
            graph.inputs().forEach(v -> modelInputs.add(v.name()));
            Map<String, Step> producer = new HashMap<>();
            for (Node node : graph.nodes()) {
                if (folded.contains(node)) {
                    continue;
                }
                ShapedNode shaped = new ShapedNode(node, model.opset(), shapes.values(), shapes.constants());
                Placement placement = chip.support().place(shaped);
                placements.put(node, placement);
                String first = node.inputs().isEmpty() ? "" : node.input(0);
                Step before = producer.get(first);
                if (Fusion.fuses(node, placement, before, readers.getOrDefault(first, 0), graph.isOutput(first))) {
                    before.fuse(node);
                    stepOf.put(node, before);
                } else {
                    List<String> featureMaps = node.inputs().stream()
                            .filter(i -> !i.isEmpty() && !constants.contains(i)).toList();
                    Step step = new Step(node, placement, Work.of(shaped, constants, modelInputs.contains(first)),
                            featureMaps);
                    steps.add(step);
                    stepOf.put(node, step);
                }
                node.outputs().forEach(o -> producer.put(o, stepOf.get(node)));
            }
        }

        EvaluationReport report() {
            HardwareParameters hw = chip.hardware();
            Map<String, Long> bytes = new HashMap<>();
            shapes.values().forEach((name, info) -> bytes.put(name, Work.bytes(info.shape())));
            List<SramPlan.Traffic> traffic = SramPlan.plan(steps, bytes,
                    graph.inputs().stream().map(ValueInfo::name).toList(),
                    graph.outputs().stream().map(ValueInfo::name).toList(), hw.sramBytes());
            Map<Step, NodeEstimate> layerRows = new IdentityHashMap<>();
            Tally tally = new Tally(hw);
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                if (s.onNpu()) {
                    Cost cost = Cost.of(s.work(), traffic.get(i), s.root().opType(), hw);
                    layerRows.put(s, Rows.layer(s, traffic.get(i), cost, hw));
                    tally.add(s.work(), traffic.get(i), cost);
                }
            }
            List<NodeEstimate> rows = new ArrayList<>();
            for (Node node : graph.nodes()) {
                if (folded.contains(node)) {
                    continue;
                }
                Step s = stepOf.get(node);
                NodeEstimate row = s.root() != node ? Rows.fused(node, placements.get(node), s)
                        : s.onNpu() ? layerRows.get(s) : Rows.offNpu(s, placements.get(node));
                rows.add(row);
                tally.place(row);
            }
            return new EvaluationReport(graph.name(), chip.id(), chip.name(), hw, rows, tally.totals(folded.size()));
        }
    }
}
