package org.pairforge.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.core.Json;
import org.pairforge.source.Input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shard's inputs as the run listed them ({@code shards/NNNNNN.inputs.jsonl}): one line per input, its id and
 * {@link Input#fingerprint()}. A resume compares the inputs it finds with these, shard by shard, the CLI before it
 * touches anything, a Spark task before it makes its partition again; either way the message is one of these.
 */
public final class ShardListing {
    private ShardListing() {
    }

    /** An input's line. */
    public static String line(Input input) {
        try {
            Map<String, String> line = new LinkedHashMap<>(); // Map.of's order changes from one JVM to the next
            line.put("id", input.id());
            line.put("fingerprint", input.fingerprint());
            return Json.MAPPER.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the inputs now differ from the listing an earlier run made, or null when they are the same.
     *
     * @param before the earlier listing's lines
     * @param now    the lines of the inputs found now, in the same place of the run
     */
    public static String difference(List<String> before, List<String> now) {
        for (int i = 0; i < Math.max(before.size(), now.size()); i++) {
            if (i >= before.size()) {
                return "input " + id(now.get(i)) + " is new";
            }
            if (i >= now.size()) {
                return "input " + id(before.get(i)) + " is gone";
            }
            if (!before.get(i).equals(now.get(i))) {
                JsonNode was = read(before.get(i)), is = read(now.get(i));
                return was.path("id").asText().equals(is.path("id").asText())
                        ? "input " + is.path("id").asText() + " changed (was " + was.path("fingerprint").asText() + ", now "
                                + is.path("fingerprint").asText() + ")"
                        : "the inputs differ from " + is.path("id").asText() + " on (the run listed "
                                + was.path("id").asText() + " there: an input was added or removed)";
            }
        }
        return null;
    }

    /** The id a listing line names. */
    public static String id(String line) {
        return read(line).path("id").asText();
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("a listing line that is not JSON: " + line, e);
        }
    }
}
