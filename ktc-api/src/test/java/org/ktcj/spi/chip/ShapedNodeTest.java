package org.ktcj.spi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class ShapedNodeTest {
    private static final Tensor MIN = Tensor.scalar(0);

    /** Clip(x, min, "") -> y, given the values of a whole graph. */
    private static ShapedNode clip() {
        Node n = Node.builder("Clip").name("c").inputs("x", "min", "").outputs("y").build();
        Map<String, ValueInfo> graphValues = Map.of(
                "x", ValueInfo.of("x", DataType.FLOAT, 1, 8),
                "y", ValueInfo.of("y", DataType.FLOAT, 1, 8),
                "other", ValueInfo.of("other", DataType.FLOAT, 3));
        return new ShapedNode(n, 13, graphValues, Map.of("min", MIN, "w", Tensor.scalar(1)));
    }

    @Test
    void keepsOnlyWhatTheNodeTouches() {
        ShapedNode s = clip();
        assertEquals(Set.of("x", "y"), s.values().keySet());
        assertEquals(Set.of("min"), s.constants().keySet());
    }

    @Test
    void answersByInputAndOutputPosition() {
        ShapedNode s = clip();
        assertEquals(Shape.of(1, 8), s.inputShape(0));
        assertNull(s.inputShape(1), "min's shape was not given");
        assertNull(s.inputShape(2), "absent input");
        assertEquals(Shape.of(1, 8), s.outputShape(0));
        assertNull(s.outputShape(1));
        assertSame(MIN, s.constant(1));
        assertNull(s.constant(0));
        assertTrue(s.hasInput(1));
        assertFalse(s.hasInput(2));
        assertEquals(13, s.opset());
    }
}
