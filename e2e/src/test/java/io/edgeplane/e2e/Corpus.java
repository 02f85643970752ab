package io.edgeplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus in {@code src/test/resources/corpus/*.json} (see its README): per input topic a
 * valid template and cases, expanded into concrete record values here.
 */
final class Corpus {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> EVENT_FILES = List.of("data-fetched.json", "deployments-completed.json",
            "files-distributed.json", "tenants-lifecycle.json", "images-uploaded.json", "videos-uploaded.json");
    private static final Pattern PATH_TOKEN = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private Corpus() {
    }

    static JsonNode load(String file) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no corpus file " + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code ${run}}, {@code ${n}}, {@code ${now}} in every string and expands {@code $repeat}. */
    static JsonNode expand(JsonNode node, Map<String, String> vars) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), vars));
        }
        if (node.isObject() && node.has("$repeat")) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int count = node.get("$repeat").asInt();
            for (int i = 0; i < count; i++) {
                Map<String, String> withIndex = new java.util.HashMap<>(vars);
                withIndex.put("i", String.valueOf(i));
                array.add(expand(node.get("item"), withIndex));
            }
            return array;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                out.set(field.getKey(), expand(field.getValue(), vars));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(expand(item, vars)));
            return out;
        }
        return node.deepCopy();
    }

    static String substitute(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> var : vars.entrySet()) {
            out = out.replace("${" + var.getKey() + "}", var.getValue());
        }
        return out.replace("${now}", Instant.now().toString());
    }

    /** Applies {@code a.b[0].c: value} changes to a copy of {@code base}; a null value removes the field. */
    static ObjectNode patch(JsonNode base, JsonNode patch) {
        ObjectNode copy = (ObjectNode) base.deepCopy();
        if (patch == null) {
            return copy;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> change = it.next();
            List<Object> path = parsePath(change.getKey());
            JsonNode parent = copy;
            for (int i = 0; i < path.size() - 1; i++) {
                Object token = path.get(i);
                parent = token instanceof Integer index ? parent.get(index) : parent.get((String) token);
            }
            Object last = path.getLast();
            JsonNode value = change.getValue();
            if (last instanceof Integer index) {
                ((ArrayNode) parent).set(index, value);
            } else if (value == null || value.isNull()) {
                ((ObjectNode) parent).remove((String) last);
            } else {
                ((ObjectNode) parent).set((String) last, value);
            }
        }
        return copy;
    }

    private static List<Object> parsePath(String path) {
        List<Object> tokens = new ArrayList<>();
        Matcher m = PATH_TOKEN.matcher(path);
        while (m.find()) {
            tokens.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
        }
        return tokens;
    }

    /** Replaces the text {@code "#uploadSize"} anywhere in the object by the number. */
    static void uploadSize(JsonNode node, long size) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual() && value.asText().equals("#uploadSize")) {
                    object.put(name, size);
                } else {
                    uploadSize(value, size);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> uploadSize(item, size));
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
