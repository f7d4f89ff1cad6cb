package org.ktcj.runtime.evaluate;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.models.ReferenceModels;

/** Models whose reports the report tests read. */
final class ReportModels {
    /** A node name that is markup, to show that reports print names as text. */
    static final String MARKUP_NAME = "</script><img src=x onerror=\"document.title='pwned'\">&amp;";

    private ReportModels() {
    }

    /** The small YOLO-style detector: NPU layers, fused nodes, shape arithmetic, and on the KL720 CPU nodes. */
    static EvaluationReport detector() {
        return Evaluator.evaluate(ReferenceModels.detectorSmall(64, 13), Chips.target("720"));
    }

    /** Two convolutions, the second with a name that is markup. */
    static EvaluationReport markup() {
        Graph g = Graph.builder().name("<b>markup</b>")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 8, 16, 16))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 8, 16, 16))
                .initializer("w", Tensor.zeros(DataType.FLOAT, 8, 8, 3, 3))
                .node(Node.builder("Conv").name("plain").inputs("x", "w").outputs("h")
                        .attr("kernel_shape", 3, 3).attr("pads", 1, 1, 1, 1).build())
                .node(Node.builder("Conv").name(MARKUP_NAME).inputs("h", "w").outputs("y")
                        .attr("kernel_shape", 3, 3).attr("pads", 1, 1, 1, 1).build())
                .build();
        return Evaluator.evaluate(Model.builder(g).opset(13).build(), Chips.target("530"));
    }
}
