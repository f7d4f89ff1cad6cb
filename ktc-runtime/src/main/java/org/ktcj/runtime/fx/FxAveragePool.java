package org.ktcj.runtime.fx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.ConvGeometry;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;

/**
 * ktc.fx AveragePool (ONNX attributes, 1 to 3 spatial axes) and GlobalAveragePool: the integer sum over
 * the window and its tap count ({@code count_include_pad} as ONNX), then {@link Requant#average}
 * per channel of axis 1.
 */
final class FxAveragePool extends RequantOperator {
    private final boolean global;

    FxAveragePool(boolean global) {
        this.global = global;
    }

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        DataType out = FxAttrs.outputType(ctx);
        Requantizer.of(ctx, out);
        Shape x = ConvGeometry.convInputShape(ctx);
        if (x == null) {
            return ctx.single(out, null);
        }
        List<Dim> dims = new ArrayList<>(x.dims().subList(0, 2));
        if (global) {
            for (int i = 2; i < x.rank(); i++) {
                dims.add(Dim.of(1));
            }
        } else {
            for (int o : ConvGeometry.pool(ctx, ConvGeometry.spatial(x)).out()) {
                dims.add(ConvGeometry.dimOf(o));
            }
        }
        return ctx.single(out, Shape.of(dims));
    }

    @Override
    Kernel kernel(NodeContext ctx, DataType outType, Requantizer rq) {
        Node node = ctx.node();
        int opset = ctx.opset();
        boolean includePad = node.attrInt("count_include_pad", 0) != 0;
        return (inputs, ws) -> {
            NodeContext rc = NodeContext.ofTensors(node, opset, inputs);
            Tensor x = inputs[0];
            int[] xs = x.shape();
            int[] spatial = Arrays.copyOfRange(xs, 2, xs.length);
            Window w = global ? Window.whole(spatial) : Window.of(ConvGeometry.pool(rc, spatial), includePad);
            Planes planes = Planes.of(xs);
            rq.checkChannels(rc, planes.channels());
            int[] xi = IntArrays.widen(x);
            int[] ys = xs.clone();
            int outPlane = w.counts.length;
            for (int i = 2; i < ys.length; i++) {
                ys[i] = global ? 1 : w.cols.out[i - ys.length + 3];
            }
            Tensor y = ws.allocate(0, outType, ys);
            Object yc = y.carrier();
            planes.forEach(ws, outPlane, (plane, ch, start, acc) -> {
                w.sums(xi, start, acc);
                for (int p = 0; p < outPlane; p++) {
                    acc[p] = rq.average(acc[p], w.counts[p], ch);
                }
                IntArrays.store(acc, outPlane, yc, plane * outPlane);
            });
            return new Tensor[] {y};
        };
    }

    /** The window (as an {@link Im2Col} geometry) and the divisor of every output position. */
    private record Window(Im2Col cols, long[] counts) {
        static Window of(ConvGeometry g, boolean includePad) {
            Im2Col cols = new Im2Col(g);
            float[][] perAxis = new float[3][];
            for (int a = 0; a < 3; a++) {
                int axis = a - (3 - g.rank());
                perAxis[a] = axis >= 0 ? g.tapCounts(axis, includePad) : new float[] {1f};
            }
            long[] counts = new long[cols.outPlane];
            int p = 0;
            for (float cz : perAxis[0]) {
                for (float cy : perAxis[1]) {
                    for (float cx : perAxis[2]) {
                        counts[p++] = Math.max(1, (long) cz * (long) cy * (long) cx);
                    }
                }
            }
            return new Window(cols, counts);
        }

        /** The whole plane as one window. */
        static Window whole(int[] spatial) {
            long n = 1;
            for (int s : spatial) {
                n *= s;
            }
            return new Window(null, new long[] {Math.max(1, n)});
        }

        /** The window sums of one input plane at {@code x[start]} into {@code acc} (one per output position). */
        void sums(int[] x, int start, long[] acc) {
            if (cols == null) {
                long s = 0;
                for (int i = 0; i < counts[0]; i++) {
                    s += x[start + i];
                }
                acc[0] = s;
                return;
            }
            int p = 0;
            for (int oz = 0; oz < cols.out[0]; oz++) {
                for (int oy = 0; oy < cols.out[1]; oy++) {
                    for (int ox = 0; ox < cols.out[2]; ox++) {
                        acc[p++] = windowSum(x, start, oz, oy, ox);
                    }
                }
            }
        }

        private long windowSum(int[] x, int start, int oz, int oy, int ox) {
            long s = 0;
            for (int kz = 0; kz < cols.kernel[0]; kz++) {
                int iz = oz * cols.stride[0] - cols.pad[0] + kz * cols.dilation[0];
                for (int ky = 0; ky < cols.kernel[1]; ky++) {
                    int iy = oy * cols.stride[1] - cols.pad[1] + ky * cols.dilation[1];
                    if (iz < 0 || iz >= cols.in[0] || iy < 0 || iy >= cols.in[1]) {
                        continue;
                    }
                    int row = start + (iz * cols.in[1] + iy) * cols.in[2];
                    for (int kx = 0; kx < cols.kernel[2]; kx++) {
                        int ix = ox * cols.stride[2] - cols.pad[2] + kx * cols.dilation[2];
                        if (ix >= 0 && ix < cols.in[2]) {
                            s += x[row + ix];
                        }
                    }
                }
            }
            return s;
        }
    }
}
