package org.ktcj.backend.npu;

import static org.ktcj.backend.npu.Nodes.floats;
import static org.ktcj.backend.npu.Nodes.ints;
import static org.ktcj.backend.npu.Nodes.scalar;
import static org.ktcj.backend.npu.Nodes.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.ktcj.spi.chip.ShapedNode;

/**
 * For every numbered condition of the operator table, nodes that meet it and nodes that break it, each
 * clause of the condition broken at least once. A node is built for a given op type, so one case serves
 * every operator the condition applies to.
 */
public final class ConditionCases {
    /** A node for the test, built for an op type, with what it shows. */
    public record Example(String label, Function<String, ShapedNode> node) {
    }

    /**
     * The cases of one condition.
     *
     * @param operators the operators the table gives this condition to
     */
    public record Case(int condition, List<String> operators, List<Example> accept, List<Example> reject) {
    }

    private static final Map<Integer, Case> CASES = build();

    private ConditionCases() {
    }

    /** Every case, by condition number. */
    public static Map<Integer, Case> all() {
        return CASES;
    }

    private static Map<Integer, Case> build() {
        Map<Integer, Case> m = new TreeMap<>();
        add(m, new B(1, "Add", "BatchNormalization", "Concat", "Mul")
                .accept("4D", op -> Nodes.op(op).in(1, 8, 16, 16).in(1, 8, 16, 16).out(1, 8, 16, 16).build())
                .reject("5D", op -> Nodes.op(op).in(1, 2, 8, 16, 16).in(1, 2, 8, 16, 16).out(1, 2, 8, 16, 16).build()));

        add(m, new B(2, "AveragePool")
                .accept("4x4 kernel, stride 4", op -> pool(op, k(4, 4), k(4, 4)).build())
                .accept("1x1 kernel, stride 2", op -> pool(op, k(1, 1), k(2, 2)).build())
                .accept("6x6 kernel, stride 5", op -> pool(op, k(6, 6), k(5, 5)).build())
                .accept("3x3 kernel, stride 2", op -> pool(op, k(3, 3), k(2, 2)).build())
                .accept("2x2 kernel, default stride", op -> pool(op, k(2, 2), null).build())
                .reject("2x2 kernel, stride 3", op -> pool(op, k(2, 2), k(3, 3)).build())
                .reject("1x3 kernel, stride 1x3", op -> pool(op, k(1, 3), k(1, 3)).build())
                .reject("4x4 kernel, stride 4, ceil_mode 1", op -> pool(op, k(4, 4), k(4, 4)).attr("ceil_mode", 1).build())
                .reject("8x8 kernel, stride 8, count_include_pad 1",
                        op -> pool(op, k(8, 8), k(8, 8)).attr("count_include_pad", 1).build())
                .reject("3D pool", op -> pool3d(op).build()));

        add(m, new B(3, "AveragePool")
                .accept("8x8 kernel, stride 8", op -> pool(op, k(8, 8), k(8, 8)).build())
                .accept("1x1 kernel, stride 2", op -> pool(op, k(1, 1), k(2, 2)).build())
                .accept("2x2 kernel, stride 3", op -> pool(op, k(2, 2), k(3, 3)).build())
                .accept("3x1 kernel, stride 2x1", op -> pool(op, k(3, 1), k(2, 1)).build())
                .accept("1x3 kernel, stride 1x3", op -> pool(op, k(1, 3), k(1, 3)).build())
                .reject("1x3 kernel, stride 1x2", op -> pool(op, k(1, 3), k(1, 2)).build())
                .reject("3x3 kernel, stride 3, dilation 2", op -> pool(op, k(3, 3), k(3, 3)).attr("dilations", 2, 2).build())
                .reject("5x5 kernel, stride 1", op -> pool(op, k(5, 5), k(1, 1)).build())
                .reject("4x4 kernel, stride 4, ceil_mode 1", op -> pool(op, k(4, 4), k(4, 4)).attr("ceil_mode", 1).build())
                .reject("3D pool", op -> pool3d(op).build()));

        add(m, new B(5, "Clip")
                .accept("min 0 and max 6 as inputs",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(scalar(0)).in(scalar(6)).out(1, 8, 16, 16).build())
                .accept("min 0 without max", op -> Nodes.op(op).in(1, 8, 16, 16).in(scalar(0)).out(1, 8, 16, 16).build())
                .accept("min 0 and max 6 as attributes (opset 6)", op -> Nodes.op(op).in(1, 8, 16, 16)
                        .attr("min", 0f).attr("max", 6f).opset(6).out(1, 8, 16, 16).build())
                .reject("min -1", op -> Nodes.op(op).in(1, 8, 16, 16).in(scalar(-1)).in(scalar(6)).out(1, 8, 16, 16).build())
                .reject("max -1", op -> Nodes.op(op).in(1, 8, 16, 16).in(scalar(0)).in(scalar(-1)).out(1, 8, 16, 16).build())
                .reject("no min", op -> Nodes.op(op).in(1, 8, 16, 16).none().in(scalar(6)).out(1, 8, 16, 16).build())
                .reject("min computed at run time",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in().in(scalar(6)).out(1, 8, 16, 16).build()));

        add(m, new B(6, "Conv")
                .accept("3x3 kernel, default stride", op -> conv(op, 3, null).build())
                .accept("12x12 kernel, stride 4x16", op -> conv(op, 12, k(4, 16)).build())
                .accept("1D, stride 16", op -> Nodes.op(op).in(1, 3, 64).in(weights(8, 3, 3)).out(1, 8, 4)
                        .attr("strides", 16).build())
                .reject("13x13 kernel", op -> conv(op, 13, null).build())
                .reject("stride_w 17", op -> conv(op, 3, k(1, 17)).build())
                .reject("stride_h 5", op -> conv(op, 3, k(5, 1)).build())
                .reject("5D input", op -> conv3d(op).build()));

        add(m, new B(7, "Conv")
                .accept("13x13 kernel, stride 4x16", op -> conv(op, 13, k(4, 16)).build())
                .accept("3x3 kernel, default stride", op -> conv(op, 3, null).build())
                .reject("stride_w 17", op -> conv(op, 3, k(1, 17)).build())
                .reject("stride_h 5", op -> conv(op, 3, k(5, 1)).build())
                .reject("5D input", op -> conv3d(op).build()));

        add(m, new B(8, "Conv")
                .accept("13x13 kernel, stride 5x17", op -> conv(op, 13, k(5, 17)).build())
                .reject("5D input", op -> conv3d(op).build()));

        add(m, new B(9, "ConvTranspose")
                .accept("stride 2x2", op -> deconv(op).attr("strides", 2, 2).build())
                .reject("default stride", op -> deconv(op).build())
                .reject("stride 2x1", op -> deconv(op).attr("strides", 2, 1).build()));

        add(m, new B(10, "ConvTranspose")
                .accept("stride 3x3", op -> deconv(op).attr("strides", 3, 3).build())
                .accept("default stride", op -> deconv(op).build())
                .reject("stride 2x1", op -> deconv(op).attr("strides", 2, 1).build())
                .reject("1D, stride 2", op -> Nodes.op(op).in(1, 8, 16).in(weights(8, 8, 4)).out(1, 8, 34)
                        .attr("strides", 2).build()));

        add(m, new B(11, "DepthToSpace")
                .accept("1x4x8x8 to 1x1x16x16, CRD, blocksize 2",
                        op -> d2s(op, 4, 8, 2).attr("mode", "CRD").build())
                .reject("mode DCR (the default)", op -> d2s(op, 4, 8, 2).build())
                .reject("8 channels", op -> d2s(op, 8, 8, 2).attr("mode", "CRD").build())
                .reject("blocksize 4", op -> d2s(op, 16, 8, 4).attr("mode", "CRD").build()));

        add(m, new B(12, "DepthToSpace")
                .accept("blocksize 2", op -> d2s(op, 8, 8, 2).build())
                .accept("blocksize 4", op -> d2s(op, 16, 8, 4).build())
                .reject("blocksize 3", op -> d2s(op, 9, 8, 3).build()));

        add(m, new B(15, "Expand")
                .accept("rows", op -> expand(op, new int[] {1, 8, 1, 16}, 1, 8, 16, 16).build())
                .accept("rows and columns", op -> expand(op, new int[] {1, 8, 1, 1}, 1, 8, 16, 16).build())
                .accept("rows, from 3D", op -> expand(op, new int[] {8, 1, 16}, 1, 8, 16, 16).build())
                .reject("channels", op -> expand(op, new int[] {1, 1, 16, 16}, 1, 8, 16, 16).build())
                .reject("batch", op -> expand(op, new int[] {1, 8, 16, 16}, 2, 8, 16, 16).build()));

        add(m, new B(16, "Expand")
                .accept("channels", op -> expand(op, new int[] {1, 1, 16, 16}, 1, 8, 16, 16).build())
                .accept("rows", op -> expand(op, new int[] {1, 8, 1, 16}, 1, 8, 16, 16).build())
                .reject("batch", op -> expand(op, new int[] {1, 8, 16, 16}, 2, 8, 16, 16).build()));

        add(m, new B(17, "Flatten")
                .accept("default axis", op -> Nodes.op(op).in(1, 8, 4, 4).out(1, 128).build())
                .accept("axis 1", op -> Nodes.op(op).in(1, 8, 4, 4).attr("axis", 1).out(1, 128).build())
                .reject("axis 2", op -> Nodes.op(op).in(1, 8, 4, 4).attr("axis", 2).out(8, 16).build()));

        add(m, new B(18, "Gather")
                .accept("a scalar index", op -> Nodes.op(op).in(10, 64).in().out(64).build())
                .accept("one index", op -> Nodes.op(op).in(10, 64).in(1).out(1, 64).build())
                .reject("two indices", op -> Nodes.op(op).in(10, 64).in(2).out(2, 64).build())
                .reject("indices of unknown shape", op -> Nodes.op(op).in(10, 64).inUnknown().out(2, 64).build()));

        add(m, new B(19, "GlobalAveragePool")
                .accept("16x16", op -> Nodes.op(op).in(1, 8, 16, 16).out(1, 8, 1, 1).build())
                .reject("17x16", op -> Nodes.op(op).in(1, 8, 17, 16).out(1, 8, 1, 1).build())
                .reject("5D", op -> Nodes.op(op).in(1, 8, 2, 4, 4).out(1, 8, 1, 1, 1).build()));

        add(m, new B(20, "GlobalAveragePool")
                .accept("128x128", op -> Nodes.op(op).in(1, 8, 128, 128).out(1, 8, 1, 1).build())
                .reject("129x128", op -> Nodes.op(op).in(1, 8, 129, 128).out(1, 8, 1, 1).build())
                .reject("5D", op -> Nodes.op(op).in(1, 8, 2, 4, 4).out(1, 8, 1, 1, 1).build()));

        add(m, new B(21, "GlobalMaxPool")
                .accept("4 rows", op -> Nodes.op(op).in(1, 8, 4, 4).out(1, 8, 1, 1).build())
                .reject("3 rows", op -> Nodes.op(op).in(1, 8, 3, 8).out(1, 8, 1, 1).build())
                .reject("symbolic batch: shape not fully known",
                        op -> Nodes.op(op).inSymbolicBatch(8, 3, 8).out(1, 8, 1, 1).build()));

        add(m, new B(22, "MatMul")
                .accept("constant 64x32", op -> Nodes.op(op).in(1, 1, 8, 64).in(weights(64, 32)).out(1, 1, 8, 32).build())
                .accept("constant 1x1x64x32",
                        op -> Nodes.op(op).in(1, 1, 8, 64).in(weights(1, 1, 64, 32)).out(1, 1, 8, 32).build())
                .accept("two 4D activations", op -> Nodes.op(op).in(1, 2, 8, 64).in(1, 2, 64, 32).out(1, 2, 8, 32).build())
                .reject("constant 2x64x32", op -> Nodes.op(op).in(1, 2, 8, 64).in(weights(2, 64, 32)).out(1, 2, 8, 32).build())
                .reject("two 3D activations", op -> Nodes.op(op).in(2, 8, 64).in(2, 64, 32).out(2, 8, 32).build()));

        add(m, new B(24, "MaxPool")
                .accept("1x1 kernel, stride 2", op -> pool(op, k(1, 1), k(2, 2)).build())
                .accept("4x4 kernel, stride 4", op -> pool(op, k(4, 4), k(4, 4)).build())
                .accept("5x5 kernel, stride 1", op -> pool(op, k(5, 5), k(1, 1)).build())
                .accept("3x3 kernel, stride 2", op -> pool(op, k(3, 3), k(2, 2)).build())
                .accept("2x2 kernel, stride 2, ceil_mode 1", op -> pool(op, k(2, 2), k(2, 2)).attr("ceil_mode", 1).build())
                .reject("1x1 kernel, stride 1", op -> pool(op, k(1, 1), k(1, 1)).build())
                .reject("2x2 kernel, stride 3", op -> pool(op, k(2, 2), k(3, 3)).build())
                .reject("1x3 kernel, stride 1x3", op -> pool(op, k(1, 3), k(1, 3)).build())
                .reject("4x4 kernel, stride 4, ceil_mode 1", op -> pool(op, k(4, 4), k(4, 4)).attr("ceil_mode", 1).build()));

        add(m, new B(25, "MaxPool")
                .accept("1x3 kernel, stride 1x3", op -> pool(op, k(1, 3), k(1, 3)).build())
                .accept("3x1 kernel, stride 3x1", op -> pool(op, k(3, 1), k(3, 1)).build())
                .accept("2x2 kernel, stride 3", op -> pool(op, k(2, 2), k(3, 3)).build())
                .accept("4x4 kernel, stride 4", op -> pool(op, k(4, 4), k(4, 4)).build())
                .accept("1x1 kernel, stride 1", op -> pool(op, k(1, 1), k(1, 1)).build())
                .reject("1x3 kernel, stride 1x2", op -> pool(op, k(1, 3), k(1, 2)).build())
                .reject("2x2 kernel, stride 4", op -> pool(op, k(2, 2), k(4, 4)).build())
                .reject("3D pool", op -> pool3d(op).build()));

        add(m, new B(26, "Pad")
                .accept("spatial pads as input (opset 11)",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(0, 0, 1, 1, 0, 0, 1, 1)).out(1, 8, 18, 18).build())
                .accept("pads and value as attributes (opset 2)", op -> Nodes.op(op).in(1, 8, 16, 16)
                        .attr("pads", 0, 0, 2, 2, 0, 0, 2, 2).attr("value", 0f).opset(2).out(1, 8, 20, 20).build())
                .accept("channel pads, which the condition does not limit",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(0, 40, 0, 0, 0, 0, 0, 0)).out(1, 48, 16, 16).build())
                .reject("batch pad", op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(1, 0, 0, 0, 0, 0, 0, 0)).out(2, 8, 16, 16).build())
                .reject("spatial pad 32",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(0, 0, 32, 0, 0, 0, 0, 0)).out(1, 8, 48, 16).build())
                .reject("reflect mode", op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(0, 0, 1, 1, 0, 0, 1, 1))
                        .attr("mode", "reflect").out(1, 8, 18, 18).build())
                .reject("constant value 1", op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(0, 0, 1, 1, 0, 0, 1, 1))
                        .in(scalar(1)).out(1, 8, 18, 18).build())
                .reject("pads computed at run time", op -> Nodes.op(op).in(1, 8, 16, 16).in(8).out(1, 8, 18, 18).build()));

        add(m, new B(29, "Pow")
                .accept("exponent 2", op -> Nodes.op(op).in(1, 8, 16, 16).in(scalar(2)).out(1, 8, 16, 16).build())
                .reject("exponent 3", op -> Nodes.op(op).in(1, 8, 16, 16).in(scalar(3)).out(1, 8, 16, 16).build())
                .reject("exponent computed at run time",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(1, 8, 16, 16).out(1, 8, 16, 16).build()));

        add(m, new B(30, "ReduceMax")
                .accept("default keepdims", op -> reduce(op, 1).build())
                .accept("keepdims 1", op -> reduce(op, 1).attr("keepdims", 1).build())
                .reject("keepdims 0", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", 1).attr("keepdims", 0)
                        .out(1, 16, 16).build()));

        add(m, new B(31, "ReduceMean", "ReduceSum")
                .accept("axes [2, 3]", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", 2, 3).out(1, 8, 1, 1).build())
                .accept("axes [-1]", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", -1).out(1, 8, 16, 1).build())
                .accept("axes as input (opset 18)",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(1)).opset(18).out(1, 1, 16, 16).build())
                .reject("keepdims 0", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", 2, 3).attr("keepdims", 0)
                        .out(1, 8).build())
                .reject("axes [0]", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", 0).out(1, 8, 16, 16).build())
                .reject("axes [-4] of 4D", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", -4).out(1, 8, 16, 16).build())
                .reject("no axes: every axis", op -> Nodes.op(op).in(1, 8, 16, 16).out(1, 1, 1, 1).build()));

        add(m, new B(32, "ReduceSum")
                .accept("axes [1]", op -> reduce(op, 1).build())
                .accept("axes [-3]", op -> reduce(op, -3).build())
                .accept("axes as input (opset 13)",
                        op -> Nodes.op(op).in(1, 8, 16, 16).in(ints(1)).out(1, 1, 16, 16).build())
                .reject("axes [2]", op -> reduce(op, 2).build())
                .reject("axes [1, 2]", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", 1, 2).out(1, 1, 1, 16).build())
                .reject("keepdims 0", op -> Nodes.op(op).in(1, 8, 16, 16).attr("axes", 1).attr("keepdims", 0)
                        .out(1, 16, 16).build()));

        add(m, new B(34, "Resize")
                .accept("nearest floor, asymmetric", op -> resize(op, 32, 32).attr("mode", "nearest")
                        .attr("nearest_mode", "floor").attr("coordinate_transformation_mode", "asymmetric").build())
                .accept("linear, align_corners", op -> resize(op, 32, 32).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "align_corners").build())
                .accept("linear Resize-10 (asymmetric)", op -> resize(op, 32, 32).attr("mode", "linear").opset(10).build())
                .reject("cubic", op -> resize(op, 32, 32).attr("mode", "cubic")
                        .attr("coordinate_transformation_mode", "asymmetric").build())
                .reject("half_pixel (the default)", op -> resize(op, 32, 32).attr("mode", "linear").build())
                .reject("nearest round_prefer_floor (the default)", op -> resize(op, 32, 32).attr("mode", "nearest")
                        .attr("coordinate_transformation_mode", "asymmetric").build())
                .reject("tf_crop_and_resize", op -> Nodes.op(op).in(1, 8, 16, 16).in(floats(0, 0, 0, 0, 1, 1, 1, 1))
                        .in(floats(1, 1, 2, 2)).out(1, 8, 32, 32).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "tf_crop_and_resize").build())
                .reject("extrapolation_value 1", op -> resize(op, 32, 32).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "asymmetric").attr("extrapolation_value", 1f).build())
                .reject("3D", op -> Nodes.op(op).in(8, 16, 16).none().in(floats(1, 2, 2)).out(8, 32, 32)
                        .attr("mode", "linear").attr("coordinate_transformation_mode", "asymmetric").build()));

        add(m, new B(35, "Resize")
                .accept("rows doubled, linear asymmetric", op -> resize(op, 32, 16).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "asymmetric").build())
                .accept("columns doubled, tf_half_pixel_for_nn", op -> resize(op, 16, 32).attr("mode", "nearest")
                        .attr("coordinate_transformation_mode", "tf_half_pixel_for_nn").build())
                .reject("rows and columns doubled", op -> resize(op, 32, 32).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "asymmetric").build())
                .reject("rows halved", op -> resize(op, 8, 16).attr("mode", "linear")
                        .attr("coordinate_transformation_mode", "asymmetric").build())
                .reject("rows doubled, half_pixel", op -> resize(op, 32, 16).attr("mode", "linear").build())
                .reject("cubic", op -> resize(op, 32, 16).attr("mode", "cubic")
                        .attr("coordinate_transformation_mode", "asymmetric").build())
                .reject("3D", op -> Nodes.op(op).in(8, 16, 16).none().in(floats(1, 2, 1)).out(8, 32, 16)
                        .attr("mode", "linear").attr("coordinate_transformation_mode", "asymmetric").build()));

        add(m, new B(36, "Resize")
                .accept("linear half_pixel, both axes", op -> resize(op, 32, 32).attr("mode", "linear").build())
                .accept("all defaults", op -> resize(op, 32, 32).build())
                .reject("cubic", op -> resize(op, 32, 32).attr("mode", "cubic").build())
                .reject("extrapolation_value 1", op -> resize(op, 32, 32).attr("extrapolation_value", 1f).build()));

        add(m, new B(37, "Slice")
                .accept("no steps", op -> slice(op).out(1, 8, 8, 16).build())
                .accept("steps 1", op -> slice(op).in(ints(1)).out(1, 8, 8, 16).build())
                .accept("Slice-1 attributes", op -> Nodes.op(op).in(1, 8, 16, 16).attr("starts", 0).attr("ends", 8)
                        .attr("axes", 2).opset(1).out(1, 8, 8, 16).build())
                .reject("step 2", op -> slice(op).in(ints(2)).out(1, 8, 4, 16).build())
                .reject("steps computed at run time", op -> slice(op).in(1).out(1, 8, 4, 16).build())
                .reject("5D", op -> Nodes.op(op).in(1, 2, 8, 16, 16).in(ints(0)).in(ints(8)).in(ints(3))
                        .out(1, 2, 8, 8, 16).build()));

        add(m, new B(41, "SpaceToDepth")
                .accept("blocksize 2", op -> Nodes.op(op).in(1, 8, 16, 16).attr("blocksize", 2).out(1, 32, 8, 8).build())
                .accept("blocksize 4", op -> Nodes.op(op).in(1, 8, 16, 16).attr("blocksize", 4).out(1, 128, 4, 4).build())
                .reject("blocksize 3", op -> Nodes.op(op).in(1, 8, 15, 15).attr("blocksize", 3).out(1, 72, 5, 5).build()));

        add(m, new B(42, "Transpose")
                .accept("row-column swap", op -> transpose(op, 0, 1, 3, 2).build())
                .accept("channel-row swap", op -> transpose(op, 0, 2, 1, 3).build())
                .accept("channel-row then row-column swap (NCHW to NHWC)", op -> transpose(op, 0, 2, 3, 1).build())
                .accept("row-column then channel-row swap (NHWC to NCHW)", op -> transpose(op, 0, 3, 1, 2).build())
                .reject("channel-column swap", op -> transpose(op, 0, 3, 2, 1).build())
                .reject("batch moved", op -> transpose(op, 1, 0, 2, 3).build())
                .reject("no perm: reversed", op -> Nodes.op(op).in(1, 8, 16, 4).out(4, 16, 8, 1).build())
                .reject("3D", op -> Nodes.op(op).in(1, 8, 16).attr("perm", 0, 2, 1).out(1, 16, 8).build()));

        add(m, new B(43, "Transpose")
                .accept("NCHW to NHWC", op -> transpose(op, 0, 2, 3, 1).build())
                .accept("channel-column swap", op -> transpose(op, 0, 3, 2, 1).build())
                .accept("3D", op -> Nodes.op(op).in(1, 8, 16).attr("perm", 0, 2, 1).out(1, 16, 8).build())
                .reject("batch moved", op -> transpose(op, 1, 0, 2, 3).build())
                .reject("no perm: reversed", op -> Nodes.op(op).in(1, 8, 16, 4).out(4, 16, 8, 1).build()));

        for (int c : new int[] {44, 46}) {
            add(m, new B(c, "Upsample")
                    .accept("2x nearest", op -> upsample(op, 1, 8, 32, 32).build())
                    .accept("bilinear", op -> upsample(op, 1, 8, 32, 32).attr("mode", "bilinear").build())
                    .accept("rows only, linear", op -> upsample(op, 1, 8, 32, 16).attr("mode", "linear").build())
                    .reject("channels doubled", op -> upsample(op, 1, 16, 16, 16).build())
                    .reject("mode cubic", op -> upsample(op, 1, 8, 32, 32).attr("mode", "cubic").build())
                    .reject("3D", op -> Nodes.op(op).in(8, 16, 16).in(floats(1, 2, 2)).out(8, 32, 32).build()));
        }

        add(m, new B(45, "Upsample")
                .accept("rows only, nearest", op -> upsample(op, 1, 8, 32, 16).build())
                .accept("columns only, align_corner", op -> upsample(op, 1, 8, 16, 32).attr("mode", "align_corner").build())
                .reject("rows and columns", op -> upsample(op, 1, 8, 32, 32).build())
                .reject("channels", op -> upsample(op, 1, 16, 16, 16).build())
                .reject("mode cubic", op -> upsample(op, 1, 8, 32, 16).attr("mode", "cubic").build())
                .reject("3D", op -> Nodes.op(op).in(8, 16, 16).in(floats(1, 2, 1)).out(8, 32, 16).build()));
        return m;
    }

    private static void add(Map<Integer, Case> m, B b) {
        m.put(b.id, new Case(b.id, b.operators, List.copyOf(b.accept), List.copyOf(b.reject)));
    }

    /** Collects the examples of one condition. */
    private static final class B {
        final int id;
        final List<String> operators;
        final List<Example> accept = new ArrayList<>();
        final List<Example> reject = new ArrayList<>();

        B(int id, String... operators) {
            this.id = id;
            this.operators = List.of(operators);
        }

        B accept(String label, Function<String, ShapedNode> node) {
            accept.add(new Example(label, node));
            return this;
        }

        B reject(String label, Function<String, ShapedNode> node) {
            reject.add(new Example(label, node));
            return this;
        }
    }

    private static long[] k(long... v) {
        return v;
    }

    /** A 2D pool over 1x8x32x32; strides null leaves them to the default. */
    private static Nodes pool(String op, long[] kernel, long[] strides) {
        long[] s = strides == null ? new long[] {1, 1} : strides;
        Nodes n = Nodes.op(op).in(1, 8, 32, 32).attr("kernel_shape", kernel)
                .out(1, 8, (int) ((32 - kernel[0]) / s[0] + 1), (int) ((32 - kernel[1]) / s[1] + 1));
        return strides == null ? n : n.attr("strides", strides);
    }

    private static Nodes pool3d(String op) {
        return Nodes.op(op).in(1, 8, 16, 16, 16).attr("kernel_shape", 2, 2, 2).attr("strides", 2, 2, 2)
                .out(1, 8, 8, 8, 8);
    }

    /** A conv over 1x3x64x64 with a k x k kernel; strides null leaves them to the default. */
    private static Nodes conv(String op, int kernel, long[] strides) {
        long[] s = strides == null ? new long[] {1, 1} : strides;
        Nodes n = Nodes.op(op).in(1, 3, 64, 64).in(weights(8, 3, kernel, kernel))
                .out(1, 8, (int) ((64 - kernel) / s[0] + 1), (int) ((64 - kernel) / s[1] + 1));
        return strides == null ? n : n.attr("strides", strides);
    }

    private static Nodes conv3d(String op) {
        return Nodes.op(op).in(1, 3, 8, 32, 32).in(weights(8, 3, 3, 3, 3)).out(1, 8, 6, 30, 30);
    }

    private static Nodes deconv(String op) {
        return Nodes.op(op).in(1, 8, 16, 16).in(weights(8, 8, 4, 4)).out(1, 8, 34, 34);
    }

    private static Nodes d2s(String op, int channels, int size, int blocksize) {
        return Nodes.op(op).in(1, channels, size, size).attr("blocksize", blocksize)
                .out(1, channels / (blocksize * blocksize), size * blocksize, size * blocksize);
    }

    private static Nodes expand(String op, int[] in, int... out) {
        long[] shape = new long[out.length];
        for (int i = 0; i < out.length; i++) {
            shape[i] = out[i];
        }
        return Nodes.op(op).in(in).in(ints(shape)).out(out);
    }

    private static Nodes reduce(String op, long axis) {
        return Nodes.op(op).in(1, 8, 16, 16).attr("axes", axis)
                .out(1, axis == 1 || axis == -3 ? 1 : 8, axis == 2 ? 1 : 16, 16);
    }

    /** A Resize of 1x8x16x16 to rows x cols, by constant scales. */
    private static Nodes resize(String op, int rows, int cols) {
        return Nodes.op(op).in(1, 8, 16, 16).none().in(floats(1, 1, rows / 16f, cols / 16f)).out(1, 8, rows, cols);
    }

    /** A Slice of rows 0..8 of 1x8x16x16, by constant starts, ends and axes; steps come next if any. */
    private static Nodes slice(String op) {
        return Nodes.op(op).in(1, 8, 16, 16).in(ints(0)).in(ints(8)).in(ints(2));
    }

    private static Nodes transpose(String op, long... perm) {
        int[] in = {1, 8, 16, 4};
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = in[(int) perm[i]];
        }
        return Nodes.op(op).in(in).attr("perm", perm).out(out);
    }

    /** An Upsample of 1x8x16x16 by constant scales (opset 9). */
    private static Nodes upsample(String op, int... out) {
        return Nodes.op(op).in(1, 8, 16, 16)
                .in(floats(out[0], out[1] / 8f, out[2] / 16f, out[3] / 16f)).opset(9).out(out);
    }
}
