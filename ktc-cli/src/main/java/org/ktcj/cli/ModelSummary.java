package org.ktcj.cli;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.ops.ShapeInference;

/** What the commands print about a model, and the check {@code import} makes. */
final class ModelSummary {
    private ModelSummary() {
    }

    /**
     * Checks the model beyond what reading it checked: infers every value's type and shape (an operator
     * given inputs it rejects is an error).
     *
     * @return the operator types the simulator does not run yet, sorted
     */
    static List<String> check(Model model) {
        OperatorRegistry registry = SessionOptions.standardRegistry();
        ShapeInference.infer(model, registry, false);
        TreeSet<String> missing = new TreeSet<>();
        for (Node n : model.graph().nodes()) {
            if (registry.find(n, model.opset()) == null) {
                missing.add(n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType());
            }
        }
        return List.copyOf(missing);
    }

    /** Nodes, opset, parameters, inputs and outputs, on one line. */
    static String oneLine(Model model) {
        return count(model.graph().nodes().size(), "node") + ", opset " + model.opset() + ", "
                + count(parameters(model), "parameter") + ", inputs " + model.graph().inputs() + ", outputs "
                + model.graph().outputs();
    }

    /** "1 node", "12,345 nodes". */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** The number of weights: elements of all initializers. */
    static long parameters(Model model) {
        long n = 0;
        for (Tensor t : model.graph().initializers().values()) {
            n += t.size();
        }
        return n;
    }
}
