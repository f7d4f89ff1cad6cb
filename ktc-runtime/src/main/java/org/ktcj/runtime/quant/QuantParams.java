package org.ktcj.runtime.quant;

import java.util.Arrays;
import org.ktcj.KtcException;

/**
 * How one tensor is held in fixed point: {@code x = q / (scale * 2^radix)} with {@code q} a signed
 * integer of {@code bits} bits (see docs/fixed-point.md). One radix and scale for a tensor, or one per
 * channel of axis {@code axis} (weights: the output channel). {@code min} and {@code max} are the range
 * the parameters were chosen for (calibrated, or the weights' extremes).
 */
public record QuantParams(int bits, int axis, int[] radix, float[] scale, float min, float max) {
    public QuantParams {
        if (bits != 4 && bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw new KtcException("a fixed-point tensor has 4, 8, 16, 32 or 64 bits, not " + bits);
        }
        if (radix.length == 0 || radix.length != scale.length) {
            throw new KtcException("radix and scale need one entry each per channel, not " + radix.length
                    + " and " + scale.length);
        }
        for (float s : scale) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new KtcException("a scale is a positive finite number, not " + s);
            }
        }
        radix = radix.clone();
        scale = scale.clone();
    }

    /** One radix and scale for the whole tensor. */
    public static QuantParams perTensor(int bits, int radix, float scale, float min, float max) {
        return new QuantParams(bits, -1, new int[] {radix}, new float[] {scale}, min, max);
    }

    public boolean isPerChannel() {
        return radix.length > 1 || axis >= 0;
    }

    /** The radix of channel {@code c} (the only one when per tensor). */
    public int radix(int c) {
        return radix[radix.length == 1 ? 0 : c];
    }

    /** The scale of channel {@code c} (the only one when per tensor). */
    public float scale(int c) {
        return scale[scale.length == 1 ? 0 : c];
    }

    /** {@code scale * 2^radix} of channel {@code c}: the factor from real value to integer. */
    public double factor(int c) {
        return scale(c) * Math.scalb(1.0, radix(c));
    }

    /** The largest integer of the bit width: {@code 2^(bits-1) - 1}. */
    public long qmax() {
        return (1L << (bits - 1)) - 1;
    }

    /** The smallest integer of the bit width: {@code -2^(bits-1)}. */
    public long qmin() {
        return -(1L << (bits - 1));
    }

    @Override
    public int[] radix() {
        return radix.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantParams q && q.bits == bits && q.axis == axis && Arrays.equals(q.radix, radix)
                && Arrays.equals(q.scale, scale) && Float.compare(q.min, min) == 0 && Float.compare(q.max, max) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * bits + Arrays.hashCode(radix)) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "int" + bits + (axis >= 0 ? " axis " + axis : "") + " radix " + Arrays.toString(radix) + " scale "
                + Arrays.toString(scale) + " range [" + min + ", " + max + "]";
    }
}
