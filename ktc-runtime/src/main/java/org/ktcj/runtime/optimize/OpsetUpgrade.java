package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.SessionOptions;

/**
 * Upgrades a model of opset 7 to 16 to a newer opset (9 to 17), one version at a time, rewriting the
 * operators whose form or meaning changed on the way (Kneron's {@code convert_opset_9_to_11} and
 * {@code onnx1_4to1_6}, extended to 13 and on):
 *
 * <ul>
 *   <li>9: Upsample's scales attribute becomes an input; BatchNormalization loses {@code spatial}.
 *   <li>10: Upsample becomes Resize; Slice's starts, ends and axes and TopK's k become inputs.
 *   <li>11: Resize gains roi and the coordinate and rounding modes that keep Resize 10's sampling (scales
 *       computed at run time are taken to enlarge, and the log says so); Pad's
 *       pads and value and Clip's min and max become inputs; Scatter becomes ScatterElements.
 *   <li>12: Dropout's ratio becomes an input.
 *   <li>13: Squeeze's, Unsqueeze's and ReduceSum's axes and Split's split become inputs; Softmax,
 *       LogSoftmax and Hardmax, which flattened to 2-D from their axis, now work along one axis, so one
 *       not over the last axis becomes Flatten, the operator, and a Reshape back.
 * </ul>
 *
 * Operators not listed keep their meaning. Models with subgraphs (If, Loop, Scan) are refused.
 */
public final class OpsetUpgrade {
    /** The pass name in optimizer reports and {@code --skip}. */
    public static final String NAME = "upgrade-opset";
    static final String SUMMARY = "rewrite operators of an older opset into the target opset's forms";
    private static final int OLDEST = 7;
    private static final int NEWEST = 17;

    private final int target;

    /** An upgrade to {@code target} (9 to 17). */
    public OpsetUpgrade(int target) {
        checkTarget(target);
        this.target = target;
    }

    static void checkTarget(int target) {
        if (target < 9 || target > NEWEST) {
            throw new KtcException("cannot upgrade to opset " + target + ": targets are 9 to " + NEWEST);
        }
    }

    /** The upgraded model (the same one when it is at the target opset or newer). */
    public Model apply(Model model) {
        return apply(model, new PassLog());
    }

    /** As {@link #apply(Model)}, recording each rewrite in {@code log}. */
    public Model apply(Model model, PassLog log) {
        int from = model.opset();
        if (from >= target) {
            log.note("the model is at opset " + from + ", not older than " + target + ": nothing to upgrade");
            return model;
        }
        if (from < OLDEST) {
            throw new KtcException("cannot upgrade a model of opset " + from + ": the upgrade starts from opset "
                    + OLDEST);
        }
        for (Node n : model.graph().nodes()) {
            if (GraphEditor.hasSubgraph(n)) {
                throw new KtcException("cannot upgrade the opset of a model with subgraphs (" + n.describe() + ")");
            }
        }
        Model m = model;
        for (int v = from + 1; v <= target; v++) {
            GraphEditor g = new GraphEditor(m, SessionOptions.standardRegistry());
            for (Node n : g.nodes()) {
                if (n.domain().isEmpty() && adapt(n, v, g, log)) {
                    log.count(n.opType() + " (opset " + v + ")", 1);
                }
            }
            m = m.toBuilder().graph(g.toGraph()).opset(v).irVersion(Math.max(m.irVersion(), irVersion(v))).build();
        }
        log.note("upgraded from opset " + from + " to " + target);
        return m;
    }

    /** The IR version that introduced the opset (ONNX 1.6: IR 6 for opset 11; 1.8: 7 for 13; 1.10: 8). */
    private static long irVersion(int opset) {
        return opset <= 9 ? 4 : opset == 10 ? 5 : opset == 11 ? 6 : opset <= 13 ? 7 : 8;
    }

    /** Rewrites the node, read at opset {@code version - 1}, into its form at {@code version}; false if it keeps it. */
    private static boolean adapt(Node n, int version, GraphEditor g, PassLog log) {
        return switch (version) {
            case 9 -> switch (n.opType()) {
                case "Upsample" -> n.hasAttribute("scales")
                        && replace(g, n, attrToInput(g, n, "scales", 1, floats(n, "scales")));
                case "BatchNormalization" -> n.hasAttribute("spatial") && replace(g, n, batchNormSpatial(n));
                default -> false;
            };
            case 10 -> switch (n.opType()) {
                case "Upsample" -> replace(g, n, upsampleToResize(n));
                case "Slice" -> replace(g, n, sliceInputs(g, n));
                case "TopK" -> replace(g, n, attrToInput(g, n, "k", 1,
                        Tensor.ofLongs(new long[] {n.attrInt("k", 1)}, 1)));
                default -> false;
            };
            case 11 -> switch (n.opType()) {
                case "Resize" -> replace(g, n, resize11(g, n, log));
                case "Pad" -> replace(g, n, padInputs(g, n));
                case "Clip" -> (n.hasAttribute("min") || n.hasAttribute("max")) && replace(g, n, clipInputs(g, n));
                case "Scatter" -> replace(g, n, renamed(n, "ScatterElements"));
                default -> false;
            };
            case 12 -> n.opType().equals("Dropout") && n.hasAttribute("ratio")
                    && replace(g, n, attrToInput(g, n, "ratio", 1, scalar(n.attrFloat("ratio", 0.5f), DataType.FLOAT)));
            case 13 -> switch (n.opType()) {
                case "Squeeze", "Unsqueeze", "ReduceSum" -> n.hasAttribute("axes")
                        && replace(g, n, attrToInput(g, n, "axes", 1, longs(n, "axes")));
                case "Split" -> n.hasAttribute("split")
                        && replace(g, n, attrToInput(g, n, "split", 1, longs(n, "split")));
                case "Softmax", "LogSoftmax", "Hardmax" -> softmax13(g, n);
                default -> false;
            };
            default -> false;
        };
    }

    private static boolean replace(GraphEditor g, Node old, Node... replacements) {
        g.replace(old, replacements);
        return true;
    }

    /** The node as another operator of the same inputs, outputs and attributes. */
    private static Node renamed(Node n, String opType) {
        Node.Builder b = Node.builder(opType).name(n.name()).inputs(n.inputs()).outputs(n.outputs());
        n.attributes().values().forEach(b::attr);
        return b.build();
    }

    /** The node with attribute {@code attr} removed and its value as input {@code index} (a new initializer). */
    private static Node attrToInput(GraphEditor g, Node n, String attr, int index, Tensor value) {
        List<String> ins = new ArrayList<>(n.inputs());
        while (ins.size() < index) {
            ins.add("");
        }
        ins.add(index, g.addInitializer(n.name() + "_" + attr, value));
        return n.toBuilder().removeAttr(attr).inputs(ins).build();
    }

    private static Tensor longs(Node n, String attr) {
        long[] v = n.attrInts(attr, new long[0]);
        return Tensor.ofLongs(v, v.length);
    }

    private static Tensor floats(Node n, String attr) {
        float[] v = n.attrFloats(attr, new float[0]);
        return Tensor.of(v, v.length);
    }

    private static Tensor scalar(float v, DataType type) {
        return Tensor.wrap(DataType.FLOAT, new int[0], new float[] {v}).castTo(type);
    }

    private static Node batchNormSpatial(Node n) {
        if (n.attrInt("spatial", 1) != 1) {
            throw new KtcException(n.describe() + ": spatial=0 (per-feature statistics) has no form at opset 9");
        }
        return n.toBuilder().removeAttr("spatial").build();
    }

    private static Node upsampleToResize(Node n) {
        String mode = n.attrString("mode", "nearest");
        return Node.builder("Resize").name(n.name()).inputs(n.inputs()).outputs(n.outputs())
                .attr("mode", mode.equals("bilinear") ? "linear" : mode).build();
    }

    private static Node sliceInputs(GraphEditor g, Node n) {
        List<String> ins = new ArrayList<>(List.of(n.input(0),
                g.addInitializer(n.name() + "_starts", longs(n, "starts")),
                g.addInitializer(n.name() + "_ends", longs(n, "ends"))));
        if (n.hasAttribute("axes")) {
            ins.add(g.addInitializer(n.name() + "_axes", longs(n, "axes")));
        }
        return n.toBuilder().removeAttr("starts").removeAttr("ends").removeAttr("axes").inputs(ins).build();
    }

    /**
     * Resize 10 samples at {@code x / scale} ("asymmetric"), rounding the nearest index down when
     * enlarging and up when shrinking: Resize 11's floor or ceil, which must be one for all axes. Scales
     * computed at run time are taken to enlarge, as upsampling does, and the log says so.
     */
    private static Node resize11(GraphEditor g, Node n, PassLog log) {
        Node.Builder b = n.toBuilder().attr("coordinate_transformation_mode", "asymmetric");
        if (n.attrString("mode", "nearest").equals("nearest")) {
            Tensor scales = g.knownValue(n.input(1));
            boolean up = false;
            boolean down = false;
            if (scales == null) {
                log.note(n.describe() + ": its scales are computed at run time; taken to enlarge (nearest_mode"
                        + " floor): an axis it shrinks would round down where opset 10 rounds up");
            }
            for (int i = 0; scales != null && i < scales.size(); i++) {
                up |= scales.getDouble(i) > 1;
                down |= scales.getDouble(i) < 1;
            }
            if (up && down) {
                throw new KtcException(n.describe() + ": it enlarges some axes and shrinks others, whose nearest"
                        + " rounding differs at opset 10 and has no one form at opset 11");
            }
            b.attr("nearest_mode", down ? "ceil" : "floor");
        }
        String roi = g.addInitializer(n.name() + "_roi", Tensor.of(new float[0], 0));
        return b.inputs(n.input(0), roi, n.input(1)).build();
    }

    private static Node padInputs(GraphEditor g, Node n) {
        long[] pads = n.attrInts(n.hasAttribute("pads") ? "pads" : "paddings", new long[0]);
        DataType type = typeOr(g, n.input(0));
        List<String> ins = new ArrayList<>(List.of(n.input(0), g.addInitializer(n.name() + "_pads",
                Tensor.ofLongs(pads, pads.length))));
        if (n.attrFloat("value", 0f) != 0f) {
            ins.add(g.addInitializer(n.name() + "_value", scalar(n.attrFloat("value", 0f), type)));
        }
        return n.toBuilder().removeAttr("pads").removeAttr("paddings").removeAttr("value").inputs(ins).build();
    }

    private static Node clipInputs(GraphEditor g, Node n) {
        DataType type = typeOr(g, n.input(0));
        List<String> ins = new ArrayList<>(List.of(n.input(0), "", ""));
        if (n.hasAttribute("min")) {
            ins.set(1, g.addInitializer(n.name() + "_min", scalar(n.attrFloat("min", 0f), type)));
        }
        if (n.hasAttribute("max")) {
            ins.set(2, g.addInitializer(n.name() + "_max", scalar(n.attrFloat("max", 0f), type)));
        }
        while (ins.get(ins.size() - 1).isEmpty()) {
            ins.remove(ins.size() - 1);
        }
        return n.toBuilder().removeAttr("min").removeAttr("max").inputs(ins).build();
    }

    private static DataType typeOr(GraphEditor g, String value) {
        DataType t = g.type(value);
        return t == null ? DataType.FLOAT : t;
    }

    /**
     * Softmax before 13 flattens to [d0 * ... * d(axis-1), rest] and normalizes the rows. Over the last
     * axis that is the new meaning; otherwise it becomes {@code Reshape(op(Flatten(x, axis), axis=1), Shape(x))}.
     */
    private static boolean softmax13(GraphEditor g, Node n) {
        long axis = n.attrInt("axis", 1);
        int rank = g.rank(n.input(0));
        if (rank >= 0 && (axis == rank - 1 || axis == -1)) {
            g.replace(n, n.toBuilder().attr("axis", -1L).build());
            return true;
        }
        String x = n.input(0);
        String flat = g.freshValueName(n.output(0) + "_flat");
        String normalized = g.freshValueName(n.output(0) + "_2d");
        String shape = g.freshValueName(n.output(0) + "_shape");
        g.replace(n,
                Node.builder("Flatten").name(g.freshNodeName(n.name() + "_flatten")).inputs(x).outputs(flat)
                        .attr("axis", axis).build(),
                n.toBuilder().inputs(flat).outputs(normalized).attr("axis", 1L).build(),
                Node.builder("Shape").name(g.freshNodeName(n.name() + "_shape")).inputs(x).outputs(shape).build(),
                Node.builder("Reshape").name(g.freshNodeName(n.name() + "_reshape")).inputs(normalized, shape)
                        .outputs(n.output(0)).build());
        return true;
    }
}
