package org.ktcj.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    private static Node relu(String name, String in, String out) {
        return Node.builder("Relu").name(name).inputs(in).outputs(out).build();
    }

    private static Graph.Builder base() {
        return Graph.builder().input(ValueInfo.of("x", DataType.FLOAT, 1, 4));
    }

    @Test
    void sortsNodesTopologicallyAndAnswersProducersAndConsumers() {
        Node add = Node.builder("Add").name("add").inputs("a", "b").outputs("y").build();
        Graph g = base().output("y")
                .node(add) // given before its producers
                .node(relu("r2", "a", "b"))
                .node(relu("r1", "x", "a"))
                .build();
        assertEquals(List.of("r1", "r2", "add"), g.nodes().stream().map(Node::name).toList());
        assertEquals("r1", g.producer("a").name());
        assertEquals(List.of("r2", "add"), g.consumers("a").stream().map(Node::name).toList());
        assertNull(g.producer("x"));
        assertTrue(g.isOutput("y"));
    }

    @Test
    void danglingInputIsAnErrorNamingTheNode() {
        InvalidGraphException e = assertThrows(InvalidGraphException.class,
                () -> base().output("y").node(relu("r", "nowhere", "y")).build());
        assertEquals("Relu node 'r' reads 'nowhere', which no node, input or initializer provides", e.getMessage());
    }

    @Test
    void cycleIsAnError() {
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> base().output("b")
                .node(Node.builder("Add").name("add").inputs("x", "b").outputs("a").build())
                .node(relu("r", "a", "b")).build());
        assertTrue(e.getMessage().endsWith("is part of a cycle"), e.getMessage());
    }

    @Test
    void duplicateNamesAreErrors() {
        assertEquals("two nodes are named 'r'", assertThrows(InvalidGraphException.class,
                () -> base().output("b").node(relu("r", "x", "a")).node(relu("r", "a", "b")).build()).getMessage());
        assertEquals("Relu node 'r2' and Relu node 'r1' both write 'a'", assertThrows(InvalidGraphException.class,
                () -> base().output("a").node(relu("r1", "x", "a")).node(relu("r2", "x", "a")).build()).getMessage());
        assertThrows(InvalidGraphException.class,
                () -> base().output("x").node(relu("r", "x", "x")).build());
    }

    @Test
    void initializerTypeMustAgreeWithItsAnnotation() {
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> base()
                .initializer("w", Tensor.of(new float[] {1, 2, 3, 4}, 1, 4))
                .valueInfo(ValueInfo.of("w", DataType.INT64, 1, 4))
                .node(Node.builder("Add").name("add").inputs("x", "w").outputs("y").build())
                .output("y").build());
        assertEquals("initializer 'w' is float but its value_info says int64", e.getMessage());
    }

    @Test
    void unproducedOutputIsAnError() {
        assertEquals("graph output 'z' is not produced by any node", assertThrows(InvalidGraphException.class,
                () -> base().output("z").node(relu("r", "x", "y")).build()).getMessage());
    }

    @Test
    void subgraphMayReadTheEnclosingScope() {
        Graph body = Graph.builder().outerScope(List.of("x")).node(relu("inner", "x", "t")).output("t").build();
        Graph g = base().output("y").node(Node.builder("If").name("if").inputs("c").outputs("y")
                .attr(Attribute.of("then_branch", body)).attr(Attribute.of("else_branch", body)).build())
                .initializer("c", Tensor.ofBools(new boolean[] {true}))
                .build();
        assertEquals(List.of("if"), g.consumers("x").stream().map(Node::name).toList());
    }

    @Test
    void toBuilderRoundTrips() {
        Graph g = base().output("y").node(relu("r", "x", "y")).build();
        Graph h = g.toBuilder().build();
        assertEquals(g.nodes(), h.nodes());
        assertEquals(g.inputs(), h.inputs());
    }
}
