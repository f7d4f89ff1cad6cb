package org.ktcj.backend.npu;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a chip description: a JSON resource that may name another in {@code "inherits"} (a resource
 * path, absolute or relative to the anchor class's package) and then is a JSON merge patch (RFC 7396)
 * over it: objects merge key by key, any other value replaces the inherited one, and {@code null}
 * removes it. The KL630 inherits the KL530's table this way, and every chip inherits what the chips
 * share, {@code /org/ktcj/backend/npu/kneron-npu.json}: the table's rows, its numbered conditions and
 * notes, and the CPU list.
 *
 * <p>The format of the merged description is in the package documentation.
 */
public final class ChipSpecLoader {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private ChipSpecLoader() {
    }

    /**
     * Reads and resolves a description.
     *
     * @param anchor   a class whose class loader sees the resource and every one it inherits
     * @param resource the resource, relative to the anchor's package or absolute ("/org/...")
     * @throws ChipSpecException naming the resources and the key at fault
     */
    public static ChipSpec load(Class<?> anchor, String resource) {
        List<String> chain = new ArrayList<>();
        JsonNode merged = resolve(anchor, resource, chain);
        return parse(merged, String.join(" < ", chain));
    }

    /** A description merged with everything it inherits, not yet checked. */
    static JsonNode read(Class<?> anchor, String resource) {
        return resolve(anchor, resource, new ArrayList<>());
    }

    /**
     * Checks and converts a merged description.
     *
     * @param name the resources it came from, for errors
     */
    static ChipSpec parse(JsonNode merged, String name) {
        try {
            return ChipSpecParser.parse(merged);
        } catch (IllegalArgumentException e) {
            throw new ChipSpecException(name + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode resolve(Class<?> anchor, String resource, List<String> chain) {
        if (chain.contains(resource)) {
            throw new ChipSpecException("chip descriptions inherit in a cycle: " + String.join(" < ", chain)
                    + " < " + resource);
        }
        chain.add(resource);
        JsonNode json;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ChipSpecException("chip description " + resource + " not found"
                        + (chain.size() > 1 ? " (inherited by " + chain.get(chain.size() - 2) + ")" : ""));
            }
            json = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new ChipSpecException(resource + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ChipSpecException(resource + ": cannot be read: " + e.getMessage(), e);
        }
        if (!(json instanceof ObjectNode obj)) {
            throw new ChipSpecException(resource + ": a chip description is a JSON object");
        }
        JsonNode parent = obj.remove("inherits");
        if (parent == null) {
            return obj;
        }
        if (!parent.isTextual()) {
            throw new ChipSpecException(resource + ": 'inherits' names a resource path");
        }
        return mergePatch(resolve(anchor, parent.asText(), chain), obj);
    }

    /** RFC 7396: the patch's objects merge into the target's, its other values replace, null removes. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target instanceof ObjectNode t ? t.deepCopy() : JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
