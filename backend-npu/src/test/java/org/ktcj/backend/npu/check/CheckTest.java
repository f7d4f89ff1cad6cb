package org.ktcj.backend.npu.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ktcj.backend.npu.Nodes;
import org.ktcj.backend.npu.check.Outcome.Status;
import org.ktcj.spi.chip.ShapedNode;

/** The check language, one value kind, modifier and predicate at a time. */
class CheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A check written with ' for ", to keep the JSON readable in Java strings. */
    private static Check check(String json) {
        try {
            return CheckParser.parse(JSON.readTree(json.replace('\'', '"')));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Status status(String json, ShapedNode n) {
        return check(json).evaluate(n).status();
    }

    private static final ShapedNode POOL = Nodes.op("MaxPool").in(1, 8, 16, 16).attr("kernel_shape", 3, 3)
            .attr("strides", 2, 2).attr("auto_pad", "NOTSET").attr("alpha", 0.5f).out(1, 8, 7, 7).build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'attr': 'kernel_shape', 'eq': [3, 3]}                       | PASS",
        "{'attr': 'kernel_shape', 'eq': [3]}                          | FAIL",
        "{'attr': 'auto_pad', 'eq': 'NOTSET'}                         | PASS",
        "{'attr': 'alpha', 'eq': 0.5}                                 | PASS",
        "{'attr': 'ceil_mode', 'eq': 0}                               | FAIL",
        "{'attr': 'ceil_mode', 'default': 0, 'eq': 0}                 | PASS",
        "{'attr': 'ceil_mode', 'optional': true, 'eq': 1}             | PASS",
        "{'attr': 'strides', 'index': -1, 'eq': 2}                    | PASS",
        "{'attr': 'strides', 'index': 2, 'eq': 2}                     | FAIL",
        "{'attr': 'strides', 'index': 2, 'optional': true, 'eq': 9}   | PASS",
        "{'attr': 'strides', 'from': 1, 'eq': [2]}                    | PASS",
        "{'attr': 'strides', 'eq': {'attr': 'kernel_shape'}}          | FAIL",
        "{'attr': 'strides', 'max': {'attr': 'kernel_shape', 'index': 0}, 'index': 0} | PASS",
        "{'attr': 'strides', 'ne': [3, 3]}                            | PASS",
        "{'attr': 'kernel_shape', 'allEqual': true, 'each': {'min': 2, 'max': 3, 'gt': 1, 'lt': 4}} | PASS",
        "{'attr': 'kernel_shape', 'each': {'powerOf2': true}}         | FAIL",
        "{'attr': 'strides', 'each': {'powerOf2': true}}              | PASS",
        "{'attr': 'kernel_shape', 'len': {'eq': 2}, 'product': {'eq': 9}} | PASS",
        "{'attr': 'auto_pad', 'in': ['VALID', 'NOTSET']}              | PASS",
        "{'attr': 'auto_pad', 'max': 3}                               | FAIL",
        "{'rank': 'in0', 'eq': 4}                                     | PASS",
        "{'rank': 'out0', 'lt': 4}                                    | FAIL",
        "{'dims': 'in0', 'pattern': [1, '?', 16, '?']}                | PASS",
        "{'dims': 'in0', 'pattern': [1, '?', 16]}                     | FAIL",
        "{'dims': 'in0', 'from': -2, 'product': {'eq': 256}}          | PASS",
        "{'rank': 'out1', 'eq': 4}                                    | UNKNOWN",
        "{'value': 'in1', 'eq': 1}                                    | FAIL",
        "{'value': 'in1', 'optional': true, 'eq': 1}                  | PASS",
        "{'const': 'in0', 'eq': false}                                | PASS",
        "{'all': [{'rank': 'in0', 'eq': 4}, {'attr': 'ceil_mode', 'eq': 0}]} | FAIL",
        "{'any': [{'rank': 'in0', 'eq': 3}, {'attr': 'strides', 'eq': [2, 2]}]} | PASS",
        "{'any': [{'rank': 'in0', 'eq': 3}, {'rank': 'out1', 'eq': 4}]}  | UNKNOWN",
        "{'if': {'rank': 'in0', 'eq': 4}, 'then': {'attr': 'strides', 'eq': [1, 1]}} | FAIL",
        "{'if': {'rank': 'in0', 'eq': 3}, 'then': {'attr': 'strides', 'eq': [1, 1]}} | PASS",
        "{'if': {'rank': 'in0', 'eq': 3}, 'then': {'rank': 'in0', 'eq': 0}, 'else': {'rank': 'in0', 'eq': 5}} | FAIL",
        "{'if': {'rank': 'out1', 'eq': 3}, 'then': {'rank': 'in0', 'eq': 4}} | UNKNOWN",
    })
    void valuesModifiersPredicatesAndCombinations(String json, Status expected) {
        assertEquals(expected, status(json, POOL));
    }

    @Test
    void attributesTurnedInputsAreReadFromConstants() {
        ShapedNode clip = Nodes.op("Clip").in(1, 8).in(Nodes.scalar(0)).in(1).out(1, 8).build();
        assertEquals(Status.PASS, status("{'attr': 'min', 'orInput': 1, 'eq': 0}", clip));
        Outcome o = check("{'attr': 'max', 'orInput': 2, 'min': 0}").evaluate(clip);
        assertEquals(new Outcome(Status.FAIL, Map.of("max", "not constant"), "max: input 2 is not a constant"), o);
        assertEquals(Status.FAIL, status("{'attr': 'max', 'orInput': 3, 'min': 0}", clip));
        assertEquals(Status.PASS, status("{'attr': 'max', 'orInput': 3, 'optional': true, 'min': 0}", clip));
    }

    @Test
    void padAxesPickTheBeginAndEndPadsOfAxes() {
        ShapedNode pad = Nodes.op("Pad").in(1, 8, 16, 16).in(Nodes.ints(0, 1, 2, 3, 4, 5, 6, 7)).out(5, 14, 24, 26).build();
        assertEquals(Status.PASS, status("{'attr': 'pads', 'orInput': 1, 'padAxes': [0], 'eq': [0, 4]}", pad));
        assertEquals(Status.PASS, status("{'attr': 'pads', 'orInput': 1, 'padAxes': [2, 3, 9], 'eq': [2, 6, 3, 7]}", pad));
        assertEquals(Status.PASS, status("{'attr': 'pads', 'orInput': 1, 'padAxes': [-1], 'eq': [3, 7]}", pad));
    }

    @Test
    void axisOfNormalizesNegativeAxes() {
        ShapedNode r = Nodes.op("ReduceMean").in(1, 8, 16, 16).attr("axes", -1, -3).out(1, 1, 16, 1).build();
        assertEquals(Status.PASS, status("{'attr': 'axes', 'axisOf': 'in0', 'eq': [3, 1]}", r));
        assertEquals(Status.PASS, status("{'attr': 'axes', 'eq': [-1, -3]}", r));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1 8 16 16 | 1 8 32 32 | [-2, -1]",
        "1 8 1 16  | 1 8 16 16 | [-2]",
        "8 1 16    | 1 8 16 16 | [-2]",
        "8 1 16    | 2 8 16 16 | [-4, -2]",
        "1 8 16 16 | 1 8 16 16 | []",
    })
    void axesChangedAlignsFromTheEnd(String in, String out, String changed) {
        ShapedNode n = Nodes.op("Expand").in(dims(in)).out(dims(out)).build();
        Found f = new Source.AxesChanged(Port.parse("in0"), Port.parse("out0")).find(n);
        assertEquals(changed, Values.format(((Found.Some) f).value()));
    }

    private static int[] dims(String text) {
        return java.util.Arrays.stream(text.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "asymmetric           | 13 | [0, 0]       | [0.5, 0.25]",
        "half_pixel           | 13 | [-0.25, -0.375] | [0.5, 0.25]",
        "half_pixel_symmetric | 13 | [-0.25, -0.375] | [0.5, 0.25]",
        "pytorch_half_pixel   | 13 | [-0.25, -0.375] | [0.5, 0.25]",
        "tf_half_pixel_for_nn | 13 | [0.25, 0.125] | [0.5, 0.25]",
        "align_corners        | 13 | [0, 0]       | [0.4838709677419355, 0.23809523809523808]",
        "none                 | 10 | [0, 0]       | [0.5, 0.25]",
        "none                 | 13 | [-0.25, -0.375] | [0.5, 0.25]",
    })
    void resizeSamplingFollowsOnnx(String mode, int opset, String phase, String delta) {
        Nodes b = Nodes.op("Resize").in(1, 8, 16, 16).none().in(Nodes.floats(1, 1, 2, 4)).out(1, 8, 32, 64)
                .opset(opset);
        ShapedNode n = (mode.equals("none") ? b : b.attr("coordinate_transformation_mode", mode)).build();
        assertEquals(phase, Values.format(((Found.Some) new ResizeSampling(false).find(n)).value()));
        assertEquals(delta, Values.format(((Found.Some) new ResizeSampling(true).find(n)).value()));
    }

    @Test
    void resizeSamplingOfCropAndResizeNeedsAConstantRoi() {
        ShapedNode n = Nodes.op("Resize").in(1, 8, 16, 16).in(Nodes.floats(0, 0, 0.5f, 0, 1, 1, 1, 1))
                .in(Nodes.floats(1, 1, 2, 2)).out(1, 8, 31, 16)
                .attr("coordinate_transformation_mode", "tf_crop_and_resize").build();
        assertEquals("[7.5, 0]", Values.format(((Found.Some) new ResizeSampling(false).find(n)).value()));
        assertEquals("[0.25, 1]", Values.format(((Found.Some) new ResizeSampling(true).find(n)).value()));
        ShapedNode dynamicRoi = Nodes.op("Resize").in(1, 8, 16, 16).in(8).none().out(1, 8, 32, 32)
                .attr("coordinate_transformation_mode", "tf_crop_and_resize").build();
        assertEquals(Found.Why.NOT_CONSTANT, ((Found.Missing) new ResizeSampling(false).find(dynamicRoi)).why());
    }

    @Test
    void failuresSayWhatWasFoundAndWhatWasExpected() {
        Outcome o = check("{'any': [{'attr': 'kernel_shape', 'each': {'gt': 3}}, "
                + "{'attr': 'strides', 'each': {'max': {'attr': 'kernel_shape', 'index': 0}}, 'eq': [1, 1]}]}")
                .evaluate(POOL);
        assertEquals(Status.FAIL, o.status());
        assertEquals("none holds: (kernel_shape = [3, 3], expected each > 3) or (strides = [2, 2], expected = [1, 1])",
                o.detail());
        assertEquals(Map.of("kernel_shape", "[3, 3]", "strides", "[2, 2]"), o.values());
        ShapedNode wide = Nodes.op("MaxPool").in(1, 8, 16, 16).attr("kernel_shape", 3, 3).attr("strides", 4, 4)
                .out(1, 8, 4, 4).build();
        assertEquals("strides = [4, 4], expected each <= kernel_shape[0] (3)",
                check("{'attr': 'strides', 'each': {'max': {'attr': 'kernel_shape', 'index': 0}}}").evaluate(wide)
                        .detail());
        assertEquals("rank(out1) cannot be checked: shape of out1 is not known",
                check("{'rank': 'out1', 'eq': 4}").evaluate(POOL).detail());
        assertEquals("ceil_mode is absent (attribute ceil_mode)", check("{'attr': 'ceil_mode', 'eq': 0}")
                .evaluate(POOL).detail());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[]                                         | check: a check is an object",
        "{'rank': 'in0'}                            | check: a check needs a predicate (eq, ne, min, max, gt, lt, in, powerOf2, allEqual, pattern, each, len, product)",
        "{'rank': 'in0', 'dims': 'in0', 'eq': 1}    | check: name exactly one value (attr, value, const, rank, dims, axesChanged, resize), not [rank, dims]",
        "{'rank': 'in0', 'eqq': 1}                  | check: unknown key 'eqq'",
        "{'rank': 'input0', 'eq': 1}                | check.rank: 'input0' is not a port: write in0, in1, ..., out0, ...",
        "{'value': 'out0', 'eq': 1}                 | check.value: names an input (in0, in1, ...), not out0",
        "{'rank': 'in0', 'orInput': 1, 'eq': 1}     | check: 'orInput' goes with 'attr'",
        "{'attr': 'k', 'powerOf2': false}           | check.powerOf2: can only be true",
        "{'attr': 'k', 'each': {'attr': 'x'}}       | check.each: unknown key 'attr'",
        "{'attr': 'k', 'each': {}}                  | check.each: needs a predicate",
        "{'attr': 'k', 'eq': {'attr': 'x', 'eq': 1}} | check.eq: unknown key 'eq'",
        "{'attr': 'k', 'index': 1.5, 'eq': 1}       | check.index: expected an integer, found 1.5",
        "{'all': []}                                | check: 'all' takes a non-empty list of checks",
        "{'all': [{'rank': 'in0'}]}                 | check.all[0]: a check needs a predicate (eq, ne, min, max, gt, lt, in, powerOf2, allEqual, pattern, each, len, product)",
        "{'if': {'rank': 'in0', 'eq': 4}}           | check: 'if' needs 'then'",
        "{'resize': 'scale', 'eq': 1}               | check: 'resize' is \"phase\" or \"delta\", not \"scale\"",
        "{'axesChanged': ['in0'], 'eq': 1}          | check: 'axesChanged' takes two ports, [\"in0\", \"out0\"]",
        "{'attr': 'k', 'eq': null}                  | check.eq: expected a number, string, boolean or list, found null",
    })
    void malformedChecksAreNamedByWhere(String json, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> check(json)).getMessage());
    }
}
