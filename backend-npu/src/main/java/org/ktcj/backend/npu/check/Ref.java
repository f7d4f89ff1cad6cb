package org.ktcj.backend.npu.check;

import java.util.List;
import org.ktcj.spi.chip.ShapedNode;

/**
 * A value of a node a check looks at: a source, the default taken when the source is absent (ONNX's
 * attribute default), and the modifiers that narrow it.
 *
 * @param source       where the value comes from
 * @param defaultValue the value when the source is absent, or null
 * @param modifiers    applied in order after the default
 */
record Ref(Source source, Object defaultValue, List<Modifier> modifiers) {
    Found find(ShapedNode n) {
        Found f = source.find(n);
        if (defaultValue != null && f instanceof Found.Missing m && m.why() == Found.Why.ABSENT) {
            f = new Found.Some(defaultValue);
        }
        for (Modifier m : modifiers) {
            if (!(f instanceof Found.Some some)) {
                return f;
            }
            f = m.apply(some.value(), n);
        }
        return f;
    }

    String describe() {
        String s = source.describe();
        for (Modifier m : modifiers) {
            s = m.describe(s);
        }
        return s;
    }
}
