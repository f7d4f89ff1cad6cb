package org.ktcj.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A model: its graph plus what describes it (operator-set versions per domain, producer, metadata).
 * Immutable.
 */
public final class Model {
    private final Graph graph;
    private final Map<String, Integer> opsets;
    private final long irVersion;
    private final String producerName;
    private final String producerVersion;
    private final String domain;
    private final long modelVersion;
    private final String docString;
    private final Map<String, String> metadata;

    private Model(Builder b) {
        this.graph = Objects.requireNonNull(b.graph, "graph");
        this.opsets = Collections.unmodifiableMap(new LinkedHashMap<>(b.opsets));
        this.irVersion = b.irVersion;
        this.producerName = b.producerName;
        this.producerVersion = b.producerVersion;
        this.domain = b.domain;
        this.modelVersion = b.modelVersion;
        this.docString = b.docString;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    public static Builder builder(Graph graph) {
        return new Builder().graph(graph);
    }

    public Builder toBuilder() {
        Builder b = new Builder().graph(graph).irVersion(irVersion).producer(producerName, producerVersion)
                .domain(domain).modelVersion(modelVersion).docString(docString);
        b.opsets.putAll(opsets);
        b.metadata.putAll(metadata);
        return b;
    }

    /** The same model with another graph. */
    public Model withGraph(Graph g) {
        return toBuilder().graph(g).build();
    }

    public Graph graph() {
        return graph;
    }

    /** Operator-set version per domain ("" is the default ONNX domain). */
    public Map<String, Integer> opsets() {
        return opsets;
    }

    /** The default-domain opset version; 0 when the model declares none. */
    public int opset() {
        return opsets.getOrDefault(Node.ONNX_DOMAIN, 0);
    }

    public long irVersion() {
        return irVersion;
    }

    public String producerName() {
        return producerName;
    }

    public String producerVersion() {
        return producerVersion;
    }

    public String domain() {
        return domain;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public String docString() {
        return docString;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Builds a {@link Model}. */
    public static final class Builder {
        private Graph graph;
        private final Map<String, Integer> opsets = new LinkedHashMap<>();
        private long irVersion = 8;
        private String producerName = "ktc";
        private String producerVersion = "";
        private String domain = "";
        private long modelVersion;
        private String docString = "";
        private final Map<String, String> metadata = new LinkedHashMap<>();

        public Builder graph(Graph g) {
            this.graph = g;
            return this;
        }

        public Builder opset(String opsetDomain, int version) {
            opsets.put(opsetDomain == null || opsetDomain.equals("ai.onnx") ? Node.ONNX_DOMAIN : opsetDomain, version);
            return this;
        }

        public Builder opset(int version) {
            return opset(Node.ONNX_DOMAIN, version);
        }

        public Builder irVersion(long v) {
            this.irVersion = v;
            return this;
        }

        public Builder producer(String n, String version) {
            this.producerName = n == null ? "" : n;
            this.producerVersion = version == null ? "" : version;
            return this;
        }

        public Builder domain(String d) {
            this.domain = d == null ? "" : d;
            return this;
        }

        public Builder modelVersion(long v) {
            this.modelVersion = v;
            return this;
        }

        public Builder docString(String d) {
            this.docString = d == null ? "" : d;
            return this;
        }

        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public Model build() {
            return new Model(this);
        }
    }
}
