package org.ktcj.runtime.quant;

/**
 * Signal-to-noise ratio of an approximation against a reference, accumulated over any number of
 * tensors: {@code 10 log10(sum ref^2 / sum (approx - ref)^2)} in dB (infinite when they agree exactly).
 */
public final class Snr {
    private double signal;
    private double noise;

    /** Adds the first {@code n} elements of a pair. */
    public void add(float[] reference, float[] approximation, int n) {
        for (int i = 0; i < n; i++) {
            double r = reference[i];
            double d = approximation[i] - r;
            signal += r * r;
            noise += d * d;
        }
    }

    public void add(Snr other) {
        signal += other.signal;
        noise += other.noise;
    }

    public double signalEnergy() {
        return signal;
    }

    public double noiseEnergy() {
        return noise;
    }

    /** The ratio in dB; positive infinity for no noise, NaN for no signal and some noise. */
    public double db() {
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return signal == 0 ? Double.NaN : 10 * Math.log10(signal / noise);
    }
}
