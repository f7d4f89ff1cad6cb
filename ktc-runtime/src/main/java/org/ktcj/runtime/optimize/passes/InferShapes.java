package org.ktcj.runtime.optimize.passes;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.GraphPass;
import org.ktcj.runtime.optimize.PassLog;

/**
 * Infers the type and shape of every value and records them as the graph's value_info, replacing what
 * the model declared (an operator given inputs it rejects is an error here, before anything changes).
 */
public final class InferShapes implements GraphPass {
    @Override
    public String name() {
        return "infer-shapes";
    }

    @Override
    public String summary() {
        return "infer every value's type and shape into value_info";
    }

    @Override
    public void run(GraphEditor graph, PassLog log) {
        int[] counts = annotate(graph);
        log.count("values annotated", counts[0]);
        log.count("static shapes", counts[1]);
    }

    /**
     * Records every node output's inferred type and shape as the declared value_info, and completes the
     * graph outputs' declared shapes where inference knows a size they do not (names stay).
     *
     * @return values annotated, and how many of them have static shapes
     */
    public static int[] annotate(GraphEditor graph) {
        graph.invalidateFacts();
        List<ValueInfo> infos = new ArrayList<>();
        int fixed = 0;
        for (Node n : graph.nodes()) {
            for (String out : n.outputs()) {
                ValueInfo v = out.isEmpty() ? null : graph.info(out);
                if (v != null && (v.type() != null || v.shape() != null)) {
                    infos.add(v);
                    fixed += v.shape() != null && v.shape().isStatic() ? 1 : 0;
                }
            }
        }
        graph.setDeclaredInfo(infos);
        List<ValueInfo> outputs = graph.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            graph.setOutput(i, refined(outputs.get(i), graph.info(outputs.get(i).name())));
        }
        return new int[] {infos.size(), fixed};
    }

    /** The declared description with the inferred type where it has none, and inferred sizes where it has none. */
    private static ValueInfo refined(ValueInfo declared, ValueInfo inferred) {
        if (inferred == null) {
            return declared;
        }
        DataType type = declared.type() != null ? declared.type() : inferred.type();
        Shape d = declared.shape();
        Shape s = inferred.shape();
        if (d == null || s == null || d.rank() != s.rank()) {
            return new ValueInfo(declared.name(), type, d != null ? d : s);
        }
        List<Dim> dims = new ArrayList<>();
        for (int k = 0; k < d.rank(); k++) {
            dims.add(d.dim(k).isKnown() || !s.dim(k).isKnown() ? d.dim(k) : s.dim(k));
        }
        return new ValueInfo(declared.name(), type, Shape.of(dims));
    }
}
