package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.KtcException;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;

/** The sizes the model's inputs are evaluated at: as declared, with an unknown batch size taken as 1. */
final class InputSizes {
    private InputSizes() {
    }

    /**
     * The inputs whose declared shape needed a batch size.
     *
     * @throws KtcException naming the input when a size other than the batch is unknown
     */
    static Map<String, ValueInfo> fixBatch(Graph graph) {
        Map<String, ValueInfo> out = new HashMap<>();
        for (ValueInfo in : graph.inputs()) {
            Shape s = in.shape();
            if (graph.isInitializer(in.name()) || s == null || s.isStatic()) {
                continue;
            }
            List<Dim> dims = new ArrayList<>(s.dims());
            for (int i = 0; i < dims.size(); i++) {
                if (!dims.get(i).isKnown()) {
                    if (i > 0) {
                        throw new KtcException("model input '" + in.name() + "' has shape " + s + ": the evaluator "
                                + "needs every size but the batch; fix them with ktc edit --input-shape");
                    }
                    dims.set(i, Dim.of(1));
                }
            }
            out.put(in.name(), in.withShape(Shape.of(dims)));
        }
        return out;
    }
}
