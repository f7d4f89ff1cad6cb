package org.ktcj.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator application: op type and domain, named inputs and outputs, attributes. Immutable.
 * An absent optional input is the empty name "", as in ONNX.
 */
public final class Node {
    /** The default ONNX operator domain. */
    public static final String ONNX_DOMAIN = "";

    private final String name;
    private final String opType;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, Attribute> attributes;
    private final String docString;

    private Node(Builder b) {
        this.name = b.name == null ? "" : b.name;
        this.opType = Objects.requireNonNull(b.opType, "opType");
        this.domain = b.domain == null || b.domain.equals("ai.onnx") ? ONNX_DOMAIN : b.domain;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.docString = b.docString == null ? "" : b.docString;
    }

    public static Builder builder(String opType) {
        return new Builder(opType);
    }

    public Builder toBuilder() {
        Builder b = new Builder(opType).name(name).domain(domain).inputs(inputs).outputs(outputs).docString(docString);
        b.attributes.putAll(attributes);
        return b;
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    public String domain() {
        return domain;
    }

    public String docString() {
        return docString;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Input {@code i}, or "" when absent (beyond the list or left empty). */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public boolean hasInput(int i) {
        return !input(i).isEmpty();
    }

    public String output(int i) {
        return outputs.get(i);
    }

    public Map<String, Attribute> attributes() {
        return attributes;
    }

    public boolean hasAttribute(String attr) {
        return attributes.containsKey(attr);
    }

    public Attribute attribute(String attr) {
        return attributes.get(attr);
    }

    public long attrInt(String attr, long defaultValue) {
        Attribute a = attributes.get(attr);
        return a == null ? defaultValue : a.intValue();
    }

    public float attrFloat(String attr, float defaultValue) {
        Attribute a = attributes.get(attr);
        return a == null ? defaultValue : a.floatValue();
    }

    public String attrString(String attr, String defaultValue) {
        Attribute a = attributes.get(attr);
        return a == null ? defaultValue : a.stringValue();
    }

    /** The INTS attribute, or {@code defaultValue} (may be null) when absent. */
    public long[] attrInts(String attr, long[] defaultValue) {
        Attribute a = attributes.get(attr);
        return a == null ? defaultValue : a.ints();
    }

    public float[] attrFloats(String attr, float[] defaultValue) {
        Attribute a = attributes.get(attr);
        return a == null ? defaultValue : a.floats();
    }

    public Tensor attrTensor(String attr) {
        Attribute a = attributes.get(attr);
        return a == null ? null : a.tensorValue();
    }

    /** "Conv node 'conv1'", the way errors name a node. */
    public String describe() {
        return opType + " node '" + name + "'";
    }

    @Override
    public String toString() {
        return name + " = " + (domain.isEmpty() ? "" : domain + ".") + opType + inputs + " -> " + outputs
                + (attributes.isEmpty() ? "" : " " + attributes.values());
    }

    /** Builds a {@link Node}. */
    public static final class Builder {
        private String name = "";
        private final String opType;
        private String domain = ONNX_DOMAIN;
        private final List<String> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();
        private String docString = "";

        private Builder(String opType) {
            this.opType = opType;
        }

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder domain(String d) {
            this.domain = d;
            return this;
        }

        public Builder docString(String d) {
            this.docString = d;
            return this;
        }

        public Builder inputs(String... names) {
            return inputs(Arrays.asList(names));
        }

        public Builder inputs(Collection<String> names) {
            inputs.clear();
            for (String n : names) {
                inputs.add(n == null ? "" : n);
            }
            return this;
        }

        public Builder outputs(String... names) {
            return outputs(Arrays.asList(names));
        }

        public Builder outputs(Collection<String> names) {
            outputs.clear();
            outputs.addAll(names);
            return this;
        }

        public Builder attr(Attribute a) {
            attributes.put(a.name(), a);
            return this;
        }

        public Builder attr(String n, long v) {
            return attr(Attribute.of(n, v));
        }

        public Builder attr(String n, float v) {
            return attr(Attribute.of(n, v));
        }

        public Builder attr(String n, String v) {
            return attr(Attribute.of(n, v));
        }

        public Builder attr(String n, long... v) {
            return attr(Attribute.of(n, v));
        }

        public Builder attr(String n, float... v) {
            return attr(Attribute.of(n, v));
        }

        public Builder attr(String n, Tensor v) {
            return attr(Attribute.of(n, v));
        }

        public Builder removeAttr(String n) {
            attributes.remove(n);
            return this;
        }

        public Node build() {
            return new Node(this);
        }
    }
}
