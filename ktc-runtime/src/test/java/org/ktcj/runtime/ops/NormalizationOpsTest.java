package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.floats;
import static org.ktcj.runtime.ops.OpFixture.once;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.random;
import static org.ktcj.runtime.ops.OpFixture.run;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.values;

import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

class NormalizationOpsTest {
    private static final Tensor NCHW = floats(shape(1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);

    @Test
    void batchNormIsAPerChannelAffineMap() {
        Tensor scale = floats(shape(2), 1, 2);
        Tensor bias = floats(shape(2), 0.5f, -1);
        Tensor mean = floats(shape(2), 2, 6);
        Tensor var = floats(shape(2), 1, 4);
        // (x - mean) / np.sqrt(var + 1e-5) * scale + bias, per channel
        float[] expected = {-0.49999499f, 0.5f, 1.499995f, 2.49999f, -1.9999988f, -1f, -1.1920929e-06f, 0.9999976f};
        for (int opset : new int[] {6, 9, 15}) {
            Tensor y = run1(opset, op("BatchNormalization"), NCHW, scale, bias, mean, var);
            assertArrayEquals(expected, values(y), 1e-5f, "opset " + opset);
        }
    }

    @Test
    void batchNormPerFeatureWhenNotSpatial() {
        // spatial=0 (opset 7): parameters of shape C x H x W = [2,1,2], one per feature
        Tensor x = floats(shape(2, 2, 1, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor ones = floats(shape(2, 1, 2), 1, 1, 1, 1);
        Tensor zeros = floats(shape(2, 1, 2), 0, 0, 0, 0);
        Tensor mean = floats(shape(2, 1, 2), 1, 2, 3, 4);
        Tensor y = run1(7, op("BatchNormalization").attr("spatial", 0L).attr("epsilon", 0f), x, ones, zeros, mean, ones);
        // x - mean per feature: [0, 0, 0, 0, 4, 4, 4, 4]
        assertFloats(y, shape(2, 2, 1, 2), 0, 0, 0, 0, 0, 4, 4, 4, 4);
        assertTrue(failure(9, op("BatchNormalization"), x, floats(shape(3), 1, 1, 1), floats(shape(3), 0, 0, 0),
                floats(shape(3), 0, 0, 0), floats(shape(3), 1, 1, 1)).contains("scale has 3 elements"));
    }

    @Test
    void batchNormRunningStatisticsOutputsAreTheInputs() {
        Tensor mean = floats(shape(2), 2, 6);
        Tensor var = floats(shape(2), 1, 4);
        Tensor[] out = run(9, Node.builder("BatchNormalization").name("bn").outputs("y", "m", "v"), NCHW,
                floats(shape(2), 1, 1), floats(shape(2), 0, 0), mean, var);
        assertArrayEquals(values(mean), values(out[1]));
        assertArrayEquals(values(var), values(out[2]));
    }

    @Test
    void batchNormTrainingIsUnsupported() {
        Tensor p = floats(shape(2), 1, 1);
        assertTrue(failure(15, op("BatchNormalization").attr("training_mode", 1L), NCHW, p, p, p, p)
                .contains("unsupported: training_mode=1"));
        assertTrue(failure(6, Node.builder("BatchNormalization").name("bn").outputs("y", "m", "v", "sm", "sv"), NCHW, p,
                p, p, p).contains("unsupported: saved_mean and saved_var outputs"));
    }

    @Test
    void batchNormOnDouble() {
        Tensor p = floats(shape(2), 2, 2).castTo(DataType.DOUBLE);
        Tensor z = floats(shape(2), 0, 0).castTo(DataType.DOUBLE);
        Tensor one = floats(shape(2), 1, 1).castTo(DataType.DOUBLE);
        Tensor y = run1(15, op("BatchNormalization").attr("epsilon", 0f), NCHW.castTo(DataType.DOUBLE), p, z, z, one);
        assertEquals(DataType.DOUBLE, y.type());
        assertEquals(16.0, y.doubles()[7]);
    }

    @Test
    void instanceNormNormalizesEachPlane() {
        Tensor x = floats(shape(1, 2, 4), 1, 2, 3, 4, 2, 2, 2, 6);
        // mu, var per (n, c); (x - mu) / np.sqrt(var + 1e-5) * [1, 0.5] + [0, 1]
        Tensor y = run1(6, op("InstanceNormalization"), x, floats(shape(2), 1, 0.5f), floats(shape(2), 0, 1));
        assertFloats(y, shape(1, 2, 4), 1e-5, -1.3416354656219482f, -0.4472118318080902f, 0.4472118318080902f,
                1.3416354656219482f, 0.7113253474235535f, 0.7113253474235535f, 0.7113253474235535f, 1.8660240173339844f);
    }

    @Test
    void layerNormOverTheTrailingAxes() {
        Tensor x = floats(shape(2, 4), 1, 2, 3, 4, 2, 4, 4, 10);
        Tensor[] out = run(17, Node.builder("LayerNormalization").name("ln").outputs("y", "mean", "inv"), x,
                floats(shape(4), 1, 2, 1, 2), floats(shape(4), 0, 0, 1, 1));
        // (x - mu) / np.sqrt(var + 1e-5) * scale + bias over axis -1
        assertFloats(out[0], shape(2, 4), 1e-5, -1.3416354656219482f, -0.8944236636161804f, 1.4472118616104126f,
                3.6832709312438965f, -0.9999994039535522f, -0.6666662693023682f, 0.6666668653488159f, 4.333331108093262f);
        assertFloats(out[1], shape(2, 1), 1e-6, 2.5f, 5f);
        assertFloats(out[2], shape(2, 1), 1e-5, 0.8944236636161804f, 0.3333331346511841f);
        // axis 0 normalizes everything: mean 0 and unit variance, scale broadcast from [4]
        Tensor all = run1(17, op("LayerNormalization").attr("axis", 0L), x, floats(shape(4), 1, 1, 1, 1));
        double sum = 0;
        for (float v : values(all)) {
            sum += v;
        }
        assertEquals(0, sum, 1e-5);
        assertTrue(failure(17, op("LayerNormalization"), x, floats(shape(3), 1, 1, 1)).contains("cannot broadcast"));
        assertTrue(failure(17, op("LayerNormalization"), x, floats(shape(2, 4), 1, 1, 1, 1, 1, 1, 1, 1))
                .contains("does not broadcast to the normalized shape [4]"));
    }

    @Test
    void meanVarianceNormalizationPerChannel() {
        Tensor x = floats(shape(2, 2, 1, 2), 1, 2, 3, 5, 3, 4, 0, 7);
        // mean over axes (0, 2, 3); (x - mean) / (np.sqrt(E[x^2] - mean^2) + 1e-9)
        assertFloats(run1(13, op("MeanVarianceNormalization"), x), shape(2, 2, 1, 2), 1e-5, -1.3416407108306885f,
                -0.4472135901451111f, -0.29002097249031067f, 0.48336827754974365f, 0.4472135901451111f,
                1.3416407108306885f, -1.450104832649231f, 1.2567574977874756f);
        assertTrue(failure(13, op("MeanVarianceNormalization").attr("axes", 0L, 0L), x).contains("listed twice"));
    }

    @Test
    void lrnAcrossChannels() {
        Tensor x = arange(1, 4, 2, 1);
        Tensor shifted = run1(13, op("Add"), x, floats(shape(1), 1));
        // size 3, alpha 0.1, beta 0.75, bias 1, as the ONNX reference computes it
        Tensor y = run1(13, op("LRN").attr("size", 3L).attr("alpha", 0.1f), shifted);
        assertFloats(y, shape(1, 4, 2, 1), 1e-5, 0.8059274554252625f, 1.363463282585144f, 1.6798757314682007f,
                1.8156287670135498f, 1.8492776155471802f, 1.8311653137207031f, 2.7552688121795654f, 2.6636269092559814f);
        assertTrue(failure(13, op("LRN"), x).contains("'size' must be a positive integer"));
    }

    @Test
    void softmaxAlongAnAxisFromOpset13() {
        Tensor x = floats(shape(2, 3), 1, 2, 3, 1, 5, 2);
        // e = np.exp(x - x.max(1, keepdims=True)); e / e.sum(1, keepdims=True)
        assertFloats(run1(13, op("Softmax"), x), shape(2, 3), 1e-6, 0.09003057330846786f, 0.2447284609079361f,
                0.6652409434318542f, 0.01714782603085041f, 0.9362395405769348f, 0.04661262035369873f);
        // x - max - log(sum(exp(x - max)))
        assertFloats(run1(13, op("LogSoftmax"), x), shape(2, 3), 1e-6, -2.4076061248779297f, -1.4076060056686401f,
                -0.40760600566864014f, -4.065884113311768f, -0.06588390469551086f, -3.0658838748931885f);
        assertFloats(run1(13, op("Hardmax"), x), shape(2, 3), 0, 0, 0, 1, 0, 1, 0);
        // axis 1 of [2,3,4]: softmax over the 3, columns of 4 apart
        Tensor y = run1(13, op("Softmax").attr("axis", 1L), arange(2, 3, 4));
        assertEquals(0.0003293204354122281f, y.floats()[0], 1e-9f);
        assertEquals(0.017980286851525307f, y.floats()[4], 1e-8f);
    }

    @Test
    void softmaxBeforeOpset13FlattensFromTheAxis() {
        // opset 11, axis 1 of [2,3,4]: softmax over each row of x.reshape(2, 12)
        Tensor y = run1(11, op("Softmax"), arange(2, 3, 4));
        assertEquals(1.0557554560364224e-05f, y.floats()[0], 1e-10f);
        assertEquals(0.0002120541175827384f, y.floats()[3], 1e-9f);
        double row = 0;
        for (int i = 0; i < 12; i++) {
            row += y.floats()[i];
        }
        assertEquals(1.0, row, 1e-6);
        // Hardmax opset 1: one 1 per flattened row, at its first maximum
        Tensor h = run1(1, op("Hardmax"), floats(shape(2, 1, 2), 3, 3, 1, 2));
        assertFloats(h, shape(2, 1, 2), 0, 1, 0, 0, 1);
    }

    @Test
    void softmaxIsStableAndPrecise() {
        // huge values would overflow exp without subtracting the maximum
        assertFloats(run1(13, op("Softmax"), floats(shape(1, 2), 10000, 10000)), shape(1, 2), 0, 0.5f, 0.5f);
        // float32 against the double path (within a few float32 ulp), rows and strided columns, large
        // enough for several threads
        for (long axis : new long[] {-1, 1}) {
            Tensor x = random(11, 4, 64, 150);
            Tensor f = run1(13, op("Softmax").attr("axis", axis), x);
            Tensor d = once(13, op("Softmax").attr("axis", axis), x.castTo(DataType.DOUBLE));
            Tensor lf = run1(13, op("LogSoftmax").attr("axis", axis), x);
            Tensor ld = once(13, op("LogSoftmax").attr("axis", axis), x.castTo(DataType.DOUBLE));
            for (int i = 0; i < x.size(); i++) {
                assertEquals(d.doubles()[i], f.floats()[i], 5e-7 * d.doubles()[i] + 1e-12, "softmax " + i);
                assertEquals(ld.doubles()[i], lf.floats()[i], 1e-6 * Math.abs(ld.doubles()[i]) + 1e-6, "log " + i);
            }
        }
    }

    @Test
    void outOfRangeAxesAreRejected() {
        assertTrue(failure(13, op("Softmax").attr("axis", 2L), arange(2, 3)).contains("axis 2 is out of range for rank 2"));
        Tensor x = arange(2, 2);
        assertSame(DataType.FLOAT, run1(13, op("Softmax").attr("axis", -2L), x).type());
    }
}
