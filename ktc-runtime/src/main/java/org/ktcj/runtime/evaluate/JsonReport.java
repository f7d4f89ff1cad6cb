package org.ktcj.runtime.evaluate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.ktcj.spi.chip.HardwareParameters;

/**
 * The report as JSON, for scripts and CI: {@code {"format": "ktc-evaluation", "version": 1, ...}}
 * followed by the fields of {@link EvaluationReport}, named as its record components (times in ms,
 * sizes in bytes); hardware parameters are named by their keys in the chip descriptions.
 */
public final class JsonReport {
    /** The layout's version: raised when a field changes meaning or goes away, not when one is added. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(HardwareParameters.Parameter.class, new ParameterKey()))
            .build();

    private JsonReport() {
    }

    /** The report, pretty-printed. */
    public static String render(EvaluationReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "ktc-evaluation");
        root.put("version", VERSION);
        root.setAll((ObjectNode) JSON.valueToTree(report));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serializes.
            throw new IllegalStateException(e);
        }
    }

    /** "mac_array" rather than "MAC_ARRAY". */
    private static final class ParameterKey extends JsonSerializer<HardwareParameters.Parameter> {
        @Override
        public void serialize(HardwareParameters.Parameter p, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeString(p.key());
        }
    }
}
