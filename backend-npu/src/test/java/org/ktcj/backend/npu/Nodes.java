package org.ktcj.backend.npu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.spi.chip.ShapedNode;

/**
 * Builds a {@link ShapedNode} for a test in one expression:
 * {@code Nodes.op("Conv").in(1, 3, 224, 224).in(64, 3, 3, 3).out(1, 64, 222, 222).attr("strides", 1, 1).build()}.
 * Inputs are named x0, x1, ... and outputs y0, y1, ...; the node is named "n"; the opset is 13 unless set.
 */
public final class Nodes {
    private final Node.Builder node;
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, ValueInfo> values = new HashMap<>();
    private final Map<String, Tensor> constants = new HashMap<>();
    private int opset = 13;

    private Nodes(String opType) {
        this.node = Node.builder(opType).name("n");
    }

    public static Nodes op(String opType) {
        return new Nodes(opType);
    }

    /** An input of known shape. */
    public Nodes in(int... dims) {
        return input(Shape.of(dims));
    }

    /** A constant input, its shape that of the tensor. */
    public Nodes in(Tensor value) {
        String name = "x" + inputs.size();
        constants.put(name, value);
        return input(Shape.of(value.shape()));
    }

    /** An input whose shape is not known. */
    public Nodes inUnknown() {
        String name = "x" + inputs.size();
        inputs.add(name);
        values.put(name, new ValueInfo(name, DataType.FLOAT, null));
        return this;
    }

    /** An input with a symbolic batch ("N") and the other sizes known. */
    public Nodes inSymbolicBatch(int... rest) {
        List<Dim> dims = new ArrayList<>();
        dims.add(Dim.symbol("N"));
        for (int d : rest) {
            dims.add(Dim.of(d));
        }
        return input(Shape.of(dims));
    }

    /** An optional input left out. */
    public Nodes none() {
        inputs.add("");
        return this;
    }

    public Nodes out(int... dims) {
        String name = "y" + outputs.size();
        outputs.add(name);
        values.put(name, new ValueInfo(name, DataType.FLOAT, Shape.of(dims)));
        return this;
    }

    public Nodes name(String name) {
        node.name(name);
        return this;
    }

    public Nodes attr(String name, long value) {
        node.attr(name, value);
        return this;
    }

    public Nodes attr(String name, long... value) {
        node.attr(name, value);
        return this;
    }

    public Nodes attr(String name, float value) {
        node.attr(name, value);
        return this;
    }

    public Nodes attr(String name, String value) {
        node.attr(name, value);
        return this;
    }

    public Nodes domain(String domain) {
        node.domain(domain);
        return this;
    }

    public Nodes opset(int version) {
        this.opset = version;
        return this;
    }

    public ShapedNode build() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("give the node an output");
        }
        return new ShapedNode(node.inputs(inputs).outputs(outputs).build(), opset, values, constants);
    }

    /** An int64 tensor of rank 1 (the form of pads, axes, steps). */
    public static Tensor ints(long... v) {
        return Tensor.ofLongs(v, v.length);
    }

    /** A float tensor of rank 1 (the form of Resize's scales). */
    public static Tensor floats(float... v) {
        return Tensor.of(v, v.length);
    }

    /** A float tensor of rank 0 (the form of Clip's min and max). */
    public static Tensor scalar(float v) {
        return Tensor.scalar(v);
    }

    /** A float tensor of zeros (a weight). */
    public static Tensor weights(int... shape) {
        return Tensor.zeros(DataType.FLOAT, shape);
    }

    private Nodes input(Shape shape) {
        String name = "x" + inputs.size();
        inputs.add(name);
        values.put(name, new ValueInfo(name, DataType.FLOAT, shape));
        return this;
    }
}
