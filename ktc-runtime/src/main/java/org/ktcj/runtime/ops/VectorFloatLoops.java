package org.ktcj.runtime.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ktcj.runtime.ops.ArithmeticOps.Arith;

/**
 * {@link FloatLoops} on the JDK Vector API: whole vectors of {@code SPECIES_PREFERRED} lanes, the
 * remainder of each run by the plain loops. Loaded by name only when {@code jdk.incubator.vector} is
 * present. Each operation is written out per operator because the API compiles to vector instructions
 * only when the operator is a constant at the call.
 */
final class VectorFloatLoops extends FloatLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    void binary(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (as == 0 && bs == 1 && op.commutative()) {
            binary(op, b, bo, bs, a, ao, as, y, yo, n);
            return;
        }
        int bound = (as | bs) == 0 ? 0 : S.loopBound(n);
        // One small method per operator: C2 compiles each reliably, where one big switch of loops can
        // exceed its inlining budget and leave vectors boxed.
        int i = switch (op) {
            case ADD -> add(a, ao, as, b, bo, bs, y, yo, bound);
            case SUB -> sub(a, ao, as, b, bo, bs, y, yo, bound);
            case MUL -> mul(a, ao, as, b, bo, bs, y, yo, bound);
            case DIV -> div(a, ao, as, b, bo, bs, y, yo, bound);
            case MAX -> max(a, ao, as, b, bo, bs, y, yo, bound);
            case MIN -> min(a, ao, as, b, bo, bs, y, yo, bound);
            case PRELU -> prelu(a, ao, as, b, bo, bs, y, yo, bound);
            default -> 0;
        };
        if (i < n) {
            super.binary(op, a, ao + i * as, as, b, bo + i * bs, bs, y, yo + i, n - i);
        }
    }

    /** The whole vectors of a {@code ADD} run (bound a multiple of the lane count); returns how many. */
    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                at(a, ao + i).add(s).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                at(a, ao + i).add(at(b, bo + i)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    /** The whole vectors of a {@code SUB} run (bound a multiple of the lane count); returns how many. */
    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                at(a, ao + i).sub(s).intoArray(y, yo + i);
            }
        } else if (as == 0) {
            FloatVector s = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L) {
                s.sub(at(b, bo + i)).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                at(a, ao + i).sub(at(b, bo + i)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    /** The whole vectors of a {@code MUL} run (bound a multiple of the lane count); returns how many. */
    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                at(a, ao + i).mul(s).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                at(a, ao + i).mul(at(b, bo + i)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    /** The whole vectors of a {@code DIV} run (bound a multiple of the lane count); returns how many. */
    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                at(a, ao + i).div(s).intoArray(y, yo + i);
            }
        } else if (as == 0) {
            FloatVector s = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L) {
                s.div(at(b, bo + i)).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                at(a, ao + i).div(at(b, bo + i)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    /** The whole vectors of a {@code MAX} run (bound a multiple of the lane count); returns how many. */
    private static int max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                at(a, ao + i).max(s).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                at(a, ao + i).max(at(b, bo + i)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    /** The whole vectors of a {@code MIN} run (bound a multiple of the lane count); returns how many. */
    private static int min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                at(a, ao + i).min(s).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                at(a, ao + i).min(at(b, bo + i)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    /** The whole vectors of a PRelu run with a vector of x; returns how many (0 for a scalar x). */
    private static int prelu(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        if (as == 0) {
            return 0;
        }
        int i = 0;
        if (bs == 0) {
            FloatVector s = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) {
                FloatVector v = at(a, ao + i);
                v.blend(v.mul(s), v.lt(0f)).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = at(a, ao + i);
                v.blend(v.mul(at(b, bo + i)), v.lt(0f)).intoArray(y, yo + i);
            }
        }
        return i;
    }

    @Override
    void clamp(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        for (; i < bound; i += L) {
            at(x, xo + i).max(vlo).min(vhi).intoArray(y, yo + i);
        }
        super.clamp(x, xo + i, y, yo + i, n - i, lo, hi);
    }

    @Override
    void leakyRelu(float[] x, int xo, float[] y, int yo, int n, float alpha) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = at(x, xo + i);
            v.blend(v.mul(alpha), v.lt(0f)).intoArray(y, yo + i);
        }
        super.leakyRelu(x, xo + i, y, yo + i, n - i, alpha);
    }

    @Override
    void scaleShift(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector s = FloatVector.broadcast(S, scale);
        FloatVector t = FloatVector.broadcast(S, shift);
        for (; i < bound; i += L) {
            at(x, xo + i).mul(s).add(t).intoArray(y, yo + i);
        }
        super.scaleShift(x, xo + i, y, yo + i, n - i, scale, shift);
    }

    @Override
    void exp(float[] x, int xo, float[] shift, int so, int ss, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        if (ss == 0) {
            FloatVector s = FloatVector.broadcast(S, shift[so]);
            for (; i < bound; i += L) {
                exp(at(x, xo + i).sub(s)).intoArray(y, yo + i);
            }
        } else {
            for (; i < bound; i += L) {
                exp(at(x, xo + i).sub(at(shift, so + i))).intoArray(y, yo + i);
            }
        }
        super.exp(x, xo + i, shift, so + i * ss, ss, y, yo + i, n - i);
    }

    @Override
    void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector e = exp(at(x, xo + i).neg()).add(1f);
            FloatVector.broadcast(S, 1f).div(e).intoArray(y, yo + i);
        }
        super.sigmoid(x, xo + i, y, yo + i, n - i);
    }

    @Override
    void hardSigmoid(float[] x, int xo, float[] y, int yo, int n, float alpha, float beta, boolean timesInput) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = at(x, xo + i);
            FloatVector h = v.mul(alpha).add(beta).max(0f).min(1f);
            (timesInput ? v.mul(h) : h).intoArray(y, yo + i);
        }
        super.hardSigmoid(x, xo + i, y, yo + i, n - i, alpha, beta, timesInput);
    }

    /** {@link FloatLoops#exp(float)} on each lane, with the same operations in the same order. */
    private static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = v.mul(LOG2E).add(ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = v.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }

    private static FloatVector at(float[] a, int offset) {
        return FloatVector.fromArray(S, a, offset);
    }
}
