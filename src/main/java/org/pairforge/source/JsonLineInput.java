package org.pairforge.source;

import org.pairforge.core.UnreadableInputException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a JSON Lines file in The Stack's layout: {@code content} holds a notebook as a JSON string (or,
 * in datasets that parsed it, as an object); the other fields (path, repo, licenses...) are small and are carried into the samples' provenance.
 */
record JsonLineInput(String id, byte[] line, ObjectMapper mapper, List<String> contentFields, boolean objectsAllowed) implements Input {
    private static final int MAX_PROVENANCE_CHARS = 2048;

    @Override
    public long size() {
        return line.length + 1L;
    }

    @Override
    public String fingerprint() {
        return Input.fingerprintOf("row", line);
    }

    @Override
    public SourceData load(long maxBytes) throws UnreadableInputException {
        JsonNode row;
        try {
            row = mapper.readTree(line);
        } catch (IOException e) {
            throw new UnreadableInputException("bad_jsonl_line", "line is not a JSON object: " + firstLine(e.getMessage()));
        }
        if (row == null || !row.isObject()) {
            throw new UnreadableInputException("bad_jsonl_line", "line is not a JSON object");
        }
        for (String field : contentFields) {
            JsonNode content = row.get(field);
            if (content != null && content.isTextual()) {
                return new SourceData(new SourceRef(id, provenance(row, field)), content.textValue().getBytes(StandardCharsets.UTF_8), null);
            }
            if (objectsAllowed && content != null && content.isObject()) { // a notebook stored as JSON itself, not a string of it
                try {
                    return new SourceData(new SourceRef(id, provenance(row, field)), mapper.writeValueAsBytes(content), null);
                } catch (IOException e) {
                    throw new UnreadableInputException("bad_jsonl_line", "field '" + field + "' cannot be written back: " + e.getMessage());
                }
            }
        }
        throw new UnreadableInputException("missing_content", "line has no string " + (objectsAllowed ? "or object " : "") + "field "
                + String.join(" or ", contentFields.stream().map(f -> "'" + f + "'").toList()));
    }

    private static Map<String, Object> provenance(JsonNode row, String contentField) {
        Map<String, Object> p = new LinkedHashMap<>();
        row.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(contentField)) {
                Object v = small(e.getValue());
                if (v != null) {
                    p.put(e.getKey(), v);
                }
            }
        });
        return p;
    }

    /** Scalars and lists of scalars, each under the size cap; nested objects are not provenance. */
    private static Object small(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue().length() <= MAX_PROVENANCE_CHARS ? v.textValue() : null;
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isArray() && v.size() <= 64) {
            List<Object> items = new ArrayList<>();
            for (JsonNode item : v) {
                Object s = item.isContainerNode() ? null : small(item);
                if (s == null) {
                    return null;
                }
                items.add(s);
            }
            return items;
        }
        return null;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** One per scanner: a whole notebook is one JSON string here, far over Jackson's 20M-character default. */
    static ObjectMapper mapperFor(long maxBytes) {
        int limit = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        return JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(limit).build())
                .build()).build();
    }
}
