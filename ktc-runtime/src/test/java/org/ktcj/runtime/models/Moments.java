package org.ktcj.runtime.models;

/**
 * A rough estimate of a value's first two moments over its elements, as if they were normally
 * distributed, carried through the operators {@link GraphBuilder} writes. It only needs to be right
 * to a small factor: its use is to give BatchNormalization statistics that really normalize, so deep
 * random networks neither blow up nor saturate their Sigmoids. What matters is that no operator's
 * estimate is biased, because the ratio of actual to estimated passes unchanged through every
 * BatchNormalization after it and such biases compound with depth (a ReLU after a residual Add, whose
 * input is mostly positive, keeps far more than half of it).
 *
 * @param mean       the mean of the elements
 * @param meanSquare the mean of their squares
 */
record Moments(double mean, double meanSquare) {
    /** What a model's standard normal input has. */
    static final Moments STANDARD = new Moments(0, 1);

    double variance() {
        return Math.max(meanSquare - mean * mean, 1e-12);
    }

    /** A convolution or matrix product with zero-mean weights of variance {@code gain / fanIn}, plus bias. */
    Moments linear(double gain, double biasVariance) {
        return new Moments(0, gain * meanSquare + biasVariance);
    }

    /** ReLU of a normal value: the moments of the rectified normal. */
    Moments relu() {
        double s = Math.sqrt(variance());
        double z = mean / s;
        double cdf = cdf(z);
        double pdf = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        return new Moments(mean * cdf + s * pdf, (mean * mean + s * s) * cdf + mean * s * pdf);
    }

    /** LeakyReLU: {@code relu(x) - alpha relu(-x)}, whose two parts never overlap. */
    Moments leakyRelu(double alpha) {
        Moments r = relu();
        double negativeSquare = meanSquare - r.meanSquare;
        return new Moments(r.mean - alpha * (r.mean - mean), r.meanSquare + alpha * alpha * negativeSquare);
    }

    /**
     * Sigmoid, roughly: it is close to {@code Phi(x sqrt(pi / 8))}, whose mean over a normal x is
     * known; the spread is a guess, it matters little after a Sigmoid.
     */
    Moments sigmoid() {
        double a2 = Math.PI / 8;
        double m = cdf(mean * Math.sqrt(a2 / (1 + a2 * variance())));
        return new Moments(m, m * m + 0.05);
    }

    /** The sum of independent values. */
    Moments plus(Moments o) {
        return new Moments(mean + o.mean, meanSquare + o.meanSquare + 2 * mean * o.mean);
    }

    /** The product of independent values. */
    Moments times(Moments o) {
        return new Moments(mean * o.mean, meanSquare * o.meanSquare);
    }

    /** The maximum of {@code n} such values: shifted up by about {@code sqrt(2 ln n)} deviations. */
    Moments maxOf(int n) {
        double s = Math.sqrt(variance());
        double m = mean + s * Math.sqrt(2 * Math.log(n));
        return new Moments(m, m * m + s * s / 2);
    }

    /** The mixture of two values in proportions {@code wa} and {@code wb} (Concat). */
    static Moments mix(Moments a, double wa, Moments b, double wb) {
        double t = wa + wb;
        return new Moments((wa * a.mean + wb * b.mean) / t, (wa * a.meanSquare + wb * b.meanSquare) / t);
    }

    /** The standard normal distribution function, from erf (Abramowitz and Stegun 7.1.26, error < 2e-7). */
    private static double cdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
