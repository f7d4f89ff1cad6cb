package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;

/**
 * Infers the type and shape of every value of a graph, walking the nodes in order with each
 * {@link Operator#infer}. Along the way it folds constants: a node whose inputs all have known values
 * (initializers, or values folded before it) is computed once, so that shape arithmetic exporters emit
 * (Shape, Gather, Concat, Reshape) resolves to constants.
 */
public final class ShapeInference {
    /** Folding stops at tensors this large: bigger ones are real computation, not shape arithmetic. */
    private static final int FOLD_LIMIT = 1 << 16;

    /**
     * @param values   every value's inferred type and shape (unknown parts are null)
     * @param constants values known before any input is given: initializers and folded node outputs
     */
    public record Result(Map<String, ValueInfo> values, Map<String, Tensor> constants) {
        public ValueInfo info(String name) {
            return values.get(name);
        }
    }

    private ShapeInference() {
    }

    /**
     * Infers over the model's graph.
     *
     * @param strict when true an operator the registry lacks is an error; when false its outputs are
     *               left unknown
     */
    public static Result infer(Model model, OperatorRegistry registry, boolean strict) {
        return infer(model.graph(), model.opset(), registry, strict, Map.of());
    }

    /**
     * Infers over a graph, with {@code inputShapes} overriding the declared shapes of graph inputs
     * (used to plan for concrete input sizes).
     */
    public static Result infer(Graph graph, int opset, OperatorRegistry registry, boolean strict,
            Map<String, ValueInfo> inputShapes) {
        Map<String, ValueInfo> infos = new LinkedHashMap<>();
        Map<String, Tensor> constants = new HashMap<>(graph.initializers());
        for (ValueInfo in : graph.inputs()) {
            infos.put(in.name(), inputShapes.getOrDefault(in.name(), in));
        }
        for (Map.Entry<String, Tensor> e : graph.initializers().entrySet()) {
            infos.put(e.getKey(), ValueInfo.of(e.getKey(), e.getValue().type(), e.getValue().shape()));
        }
        for (Node node : graph.nodes()) {
            int n = node.inputs().size();
            ValueInfo[] ins = new ValueInfo[n];
            Tensor[] vals = new Tensor[n];
            boolean allKnown = true;
            for (int i = 0; i < n; i++) {
                String name = node.input(i);
                if (name.isEmpty()) {
                    continue;
                }
                ins[i] = infos.getOrDefault(name, graph.info(name));
                vals[i] = constants.get(name);
                allKnown &= vals[i] != null;
            }
            Operator op = registry.find(node, opset);
            if (op == null) {
                if (strict) {
                    throw new UnsupportedOperatorException(node, opset);
                }
                for (String out : node.outputs()) {
                    infos.put(out, graph.info(out) != null ? graph.info(out) : new ValueInfo(out, null, null));
                }
                continue;
            }
            NodeContext ctx = new NodeContext(node, opset, ins, vals);
            List<ValueInfo> outs = op.infer(ctx);
            for (int i = 0; i < node.outputs().size() && i < outs.size(); i++) {
                String out = node.output(i);
                if (out.isEmpty()) {
                    continue;
                }
                ValueInfo inferred = outs.get(i) == null ? new ValueInfo(out, null, null) : outs.get(i).withName(out);
                infos.put(out, merge(node, inferred, graph.valueInfo().get(out)));
            }
            if (allKnown && isFoldable(node, vals)) {
                record(node, op.kernel(ctx).run(vals, new HeapWorkspace()), constants, infos);
            } else {
                Tensor[] fromShapes = op.valuesFromShapes(ctx);
                if (fromShapes != null) {
                    record(node, fromShapes, constants, infos);
                }
            }
        }
        return new Result(infos, constants);
    }

    /** The model with every intermediate value's type and shape recorded in the graph's value_info. */
    public static Model annotate(Model model, OperatorRegistry registry) {
        Result r = infer(model, registry, false);
        Graph.Builder b = model.graph().toBuilder();
        for (Node node : model.graph().nodes()) {
            for (String out : node.outputs()) {
                ValueInfo v = r.values().get(out);
                if (v != null && !out.isEmpty() && (v.type() != null || v.shape() != null)) {
                    b.valueInfo(v);
                }
            }
        }
        return model.withGraph(b.build());
    }

    private static boolean isFoldable(Node node, Tensor[] vals) {
        if (!node.domain().isEmpty() || node.opType().startsWith("Random") || node.outputs().isEmpty()) {
            return false;
        }
        long total = 0;
        for (Tensor t : vals) {
            if (t != null) {
                total += t.size();
            }
        }
        return total <= FOLD_LIMIT || node.inputs().isEmpty();
    }

    private static void record(Node node, Tensor[] outs, Map<String, Tensor> constants, Map<String, ValueInfo> infos) {
        for (int i = 0; i < outs.length && i < node.outputs().size(); i++) {
            String name = node.output(i);
            if (!name.isEmpty() && outs[i] != null && outs[i].size() <= FOLD_LIMIT) {
                constants.put(name, outs[i]);
                infos.put(name, ValueInfo.of(name, outs[i].type(), outs[i].shape()));
            }
        }
    }

    /**
     * Combines an inferred description with a declared one. Types that differ are an error. Shapes
     * merge dimension by dimension, and where both know a size the inferred one wins: declared shapes
     * of intermediates are often stale when a model runs at another input size.
     */
    private static ValueInfo merge(Node node, ValueInfo inferred, ValueInfo declared) {
        if (declared == null) {
            return inferred;
        }
        DataType type = inferred.type() != null ? inferred.type() : declared.type();
        if (inferred.type() != null && declared.type() != null && inferred.type() != declared.type()) {
            throw new KtcException(node.describe() + ": output '" + inferred.name() + "' is "
                    + inferred.type().displayName() + " but the model declares " + declared.type().displayName());
        }
        Shape a = inferred.shape();
        Shape b = declared.shape();
        if (a == null || b == null || a.rank() != b.rank()) {
            return new ValueInfo(inferred.name(), type, a != null ? a : b);
        }
        List<Dim> dims = new ArrayList<>(a.rank());
        for (int i = 0; i < a.rank(); i++) {
            Dim x = a.dim(i);
            dims.add(x.isKnown() || (x.symbol() != null && !b.dim(i).isKnown()) ? x : b.dim(i));
        }
        return new ValueInfo(inferred.name(), type, Shape.of(dims));
    }
}
