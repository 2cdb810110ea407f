package org.pairforge.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The self-check's prompt for each sample kind, with an id recorded in every checked sample. The defaults are
 * {@code templates/check/prompts.json} (also inside the jar); {@code --prompts FILE} replaces them with a file
 * of the same shape: {@code {"KIND": {"id": "...", "text": "..."}, ...}}, every kind present.
 */
public record Prompts(Map<String, Prompt> byKind) implements java.io.Serializable {
    /** The sample kinds pairforge makes, each of which needs a prompt. */
    public static final java.util.List<String> KINDS = java.util.List.of("document-page", "latex-page", "web-page",
            "notebook-figure");

    public record Prompt(String id, String text) implements java.io.Serializable {
    }

    public Prompts {
        byKind = java.util.Collections.unmodifiableMap(new TreeMap<>(byKind));
    }

    /** The prompt for a kind; a kind this version does not know is read as a page. */
    public Prompt forKind(String kind) {
        Prompt p = byKind.get(kind);
        return p != null ? p : byKind.get("document-page");
    }

    /** kind → prompt id, for settings and the summary. */
    public Map<String, String> ids() {
        Map<String, String> m = new TreeMap<>();
        byKind.forEach((k, p) -> m.put(k, p.id()));
        return m;
    }

    public static Prompts defaults() {
        try (InputStream in = Prompts.class.getResourceAsStream("prompts.json")) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks org/pairforge/check/prompts.json (a broken build)");
            }
            return parse(new ObjectMapper().readTree(in), "the default prompts");
        } catch (IOException e) {
            throw new IllegalStateException("the default prompts do not parse: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static Prompts load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--prompts " + file + " is not readable JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return parse(root, "--prompts " + file);
    }

    private static Prompts parse(JsonNode root, String what) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object of kind → {id, text}");
        }
        Map<String, Prompt> m = new TreeMap<>();
        for (String kind : KINDS) {
            JsonNode p = root.get(kind);
            if (p == null || !p.path("id").isTextual() || !p.path("text").isTextual()
                    || p.path("id").asText().isBlank() || p.path("text").asText().isBlank()) {
                throw new IllegalArgumentException(what + " has no prompt for '" + kind
                        + "' (an object with non-empty \"id\" and \"text\"); kinds needed: " + KINDS);
            }
            m.put(kind, new Prompt(p.get("id").asText(), p.get("text").asText()));
        }
        return new Prompts(m);
    }
}
