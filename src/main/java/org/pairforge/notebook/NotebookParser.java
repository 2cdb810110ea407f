package org.pairforge.notebook;

import org.pairforge.core.UnreadableInputException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a notebook (nbformat 3 or 4) into {@link Notebook}. Thread-safe: the factory is shared, parsers
 * are per call.
 *
 * <p>Each notebook is first read by {@link FastJson}, a strict parser that searches strings word by word and
 * skips base64 through a lookup table; anything it does not vouch for (invalid JSON above all) is read again
 * by Jackson, whose reading and error messages are the reference. One {@code Reader} serves both.
 *
 * <p>Image strings are not decoded while parsing: each figure keeps where its text stands
 * ({@link Notebook.Base64Text}). {@link #decode} later decodes the ones a caller needs straight from the
 * input bytes ({@link RawBase64}), never materialised as Strings. When the fast decoder meets anything
 * unusual, that one string is read again carefully, by Jackson, and decoded strictly with the JDK, so a bad
 * figure is a problem on that figure alone.
 */
public final class NotebookParser {
    private static final String[] FIGURE_PREFERENCE = {"image/png", "image/jpeg", "image/svg+xml"};

    private final JsonFactory factory;
    private final int maxDepth;
    private final long maxBytes;

    public NotebookParser(int maxDepth, long maxBytes) {
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        int stringLimit = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        // Jackson's default 20M-character string cap rejects legitimate large figures (and SVGs); no string
        // can be longer than the input, whose size is already capped, so the input cap is the string cap.
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(stringLimit)
                        .maxDocumentLength(maxBytes)
                        .build())
                .build();
    }

    public Notebook parse(byte[] json) throws UnreadableInputException {
        return parse(json, json.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code json}. The notebook keeps pointing into the array (its
     * figures' base64, {@link Notebook.Base64Text}), so a reused buffer must outlive the notebook.
     */
    public Notebook parse(byte[] json, int length) throws UnreadableInputException {
        try {
            return parseFast(json, length);
        } catch (FastJson.Refused | UnreadableInputException | IOException e) {
            return parseWithJackson(json, length); // Jackson's reading, or its precise error, is the reference
        }
    }

    Notebook parseFast(byte[] json) throws UnreadableInputException, IOException {
        return parseFast(json, json.length);
    }

    /** The fast path alone ({@link FastJson}); throws {@link FastJson.Refused} for what it leaves to Jackson. */
    Notebook parseFast(byte[] json, int length) throws UnreadableInputException, IOException {
        FastJson p = new FastJson(json, length, maxDepth);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw FastJson.refused();
        }
        return new Reader(p, json, length).readRoot();
    }

    Notebook parseWithJackson(byte[] json) throws UnreadableInputException {
        return parseWithJackson(json, json.length);
    }

    /** Jackson alone: slower, and the reference for what every input means or why it is unreadable. */
    Notebook parseWithJackson(byte[] json, int length) throws UnreadableInputException {
        if (length == 0) {
            throw new UnreadableInputException("empty", "input is empty");
        }
        boolean started = false;
        try (JsonParser p = factory.createParser(json, 0, length)) {
            JsonToken first = p.nextToken();
            started = true;
            if (first != JsonToken.START_OBJECT) {
                throw new UnreadableInputException("not_a_notebook", "top-level JSON value is " + describe(first)
                        + ", not an object");
            }
            return new Reader(JsonCursor.of(p), json, length).readRoot();
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("nesting depth")) {
                throw new UnreadableInputException("too_deep", "JSON nests deeper than " + maxDepth
                        + " levels (--max-json-depth)");
            }
            throw new UnreadableInputException("too_large", "JSON exceeds a size limit of " + maxBytes
                    + " bytes (--max-input-mb): " + m);
        } catch (JsonEOFException e) {
            throw new UnreadableInputException("truncated", "JSON ends early: " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableInputException(started ? "malformed_json" : "not_json",
                    (started ? "malformed JSON at " : "not JSON at ") + location(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableInputException("unreadable", "I/O error while parsing: " + e.getMessage());
        }
    }

    /** The bytes of a figure's base64 text, or why it has none. */
    record Decoded(byte[] bytes, String problem) {
    }

    /**
     * Decodes a figure's base64 text. {@code fast} is a decoding buffer, reused across one notebook's figures
     * (not thread-safe).
     */
    Decoded decode(Notebook.Base64Text text, RawBase64 fast) {
        byte[] bytes = fast.decode(text.json(), text.length(), text.quote(), text.end());
        if (bytes != null) {
            return new Decoded(bytes, null);
        }
        // Something the fast decoder does not vouch for: read the string as JSON, then decode it strictly.
        try (JsonParser p = factory.createParser(text.json(), text.quote(), text.length() - text.quote())) {
            p.nextToken();
            return strictly(p.getText());
        } catch (IOException e) {
            return new Decoded(null, "invalid JSON string: " + e.getMessage());
        }
    }

    private static Decoded strictly(String text) {
        StringBuilder compact = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        try {
            return new Decoded(Base64.getDecoder().decode(compact.toString()), null);
        } catch (IllegalArgumentException e) {
            return new Decoded(null, "invalid base64: " + e.getMessage());
        }
    }

    private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "unknown position" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String describe(JsonToken t) {
        return t == null ? "nothing" : t.name().toLowerCase().replace("start_", "").replace("value_", "");
    }

    /** One parse; holds the parser and what has been read so far. */
    private static final class Reader {
        private final JsonCursor p;
        private final byte[] json;
        private final int length;
        private final List<Notebook.Cell> cells = new ArrayList<>();
        private int nbformat = -1;
        private String language;
        private String kernelName;
        private boolean sawCells;

        Reader(JsonCursor p, byte[] json, int length) {
            this.p = p;
            this.json = json;
            this.length = length;
        }

        Notebook readRoot() throws IOException, UnreadableInputException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "cells" -> readCells(value);
                    case "worksheets" -> readWorksheets(value);
                    case "metadata" -> readMetadata(value);
                    case "nbformat" -> nbformat = value.isNumeric() ? p.getIntValue() : -1;
                    default -> p.skipChildren();
                }
            }
            if (!sawCells) {
                throw new UnreadableInputException("not_a_notebook", "JSON object has neither 'cells' (nbformat 4) "
                        + "nor 'worksheets' (nbformat 3)");
            }
            return new Notebook(nbformat, language, kernelName, cells);
        }

        private void readWorksheets(JsonToken value) throws IOException, UnreadableInputException {
            expect(value, JsonToken.START_ARRAY, "worksheets");
            sawCells = true;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("cells")) {
                        readCells(v);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }

        private void readCells(JsonToken value) throws IOException, UnreadableInputException {
            expect(value, JsonToken.START_ARRAY, "cells");
            sawCells = true;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                cells.add(readCell(cells.size()));
            }
        }

        private Notebook.Cell readCell(int index) throws IOException, UnreadableInputException {
            String type = null;
            String source = "";
            String cellLanguage = null;
            Integer executionCount = null;
            List<Notebook.Figure> figures = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "cell_type" -> type = p.getValueAsString();
                    case "source", "input" -> source = readText(v);
                    case "language" -> cellLanguage = p.getValueAsString();
                    case "execution_count", "prompt_number" -> executionCount = v.isNumeric() ? p.getIntValue() : null;
                    case "outputs" -> figures = readOutputs(v);
                    default -> p.skipChildren();
                }
            }
            return new Notebook.Cell(index, type, source, cellLanguage, executionCount, figures);
        }

        private List<Notebook.Figure> readOutputs(JsonToken value) throws IOException, UnreadableInputException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return List.of();
            }
            List<Notebook.Figure> figures = new ArrayList<>(1);
            int outputIndex = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    outputIndex++;
                    continue;
                }
                Map<String, Object> reps = new LinkedHashMap<>(2);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "data" -> readMimeBundle(v, reps);
                        // nbformat 3 keeps representations at the output's top level under short names.
                        case "png" -> reps.put("image/png", readBase64(v));
                        case "jpeg" -> reps.put("image/jpeg", readBase64(v));
                        case "svg" -> reps.put("image/svg+xml", readText(v));
                        default -> p.skipChildren();
                    }
                }
                Notebook.Figure figure = preferred(outputIndex, reps);
                if (figure != null) {
                    figures.add(figure);
                }
                outputIndex++;
            }
            return figures;
        }

        private void readMimeBundle(JsonToken value, Map<String, Object> reps) throws IOException, UnreadableInputException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String mime = p.currentName();
                JsonToken v = p.nextToken();
                switch (mime) {
                    case "image/png", "image/jpeg" -> reps.put(mime, readBase64(v));
                    case "image/svg+xml" -> reps.put(mime, readText(v));
                    default -> p.skipChildren();
                }
            }
        }

        private static Notebook.Figure preferred(int outputIndex, Map<String, Object> reps) {
            for (String mime : FIGURE_PREFERENCE) {
                Object rep = reps.get(mime);
                if (rep instanceof Notebook.Base64Text text) {
                    return new Notebook.Figure(outputIndex, mime, null, text, null, null);
                }
                if (rep instanceof Decoded decoded) {
                    return new Notebook.Figure(outputIndex, mime, decoded.bytes(), null, null, decoded.problem());
                }
                if (rep instanceof String svg) {
                    return new Notebook.Figure(outputIndex, mime, null, null, svg, null);
                }
            }
            return null;
        }

        /** Returns where a base64 string stands (decoded later, if at all), or a list of lines decoded now. */
        private Object readBase64(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                int quote = p.base64Start();
                return new Notebook.Base64Text(json, length, quote, p.base64End());
            }
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return new Decoded(null, "image value is " + describe(value) + ", not base64 text");
            }
            return strictly(readText(value));
        }

        /** nbformat allows a multi-line string as one string or as a list of lines; both become one string. */
        private String readText(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (value == JsonToken.START_ARRAY) {
                StringBuilder sb = new StringBuilder();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == JsonToken.VALUE_STRING) {
                        sb.append(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
                return sb.toString();
            }
            p.skipChildren();
            return "";
        }

        private void readMetadata(JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "kernelspec" -> readObject(v, (field, text) -> {
                        if (field.equals("language")) {
                            language = text;
                        } else if (field.equals("name")) {
                            kernelName = text;
                        }
                    });
                    case "language_info" -> readObject(v, (field, text) -> {
                        if (field.equals("name") && language == null) {
                            language = text;
                        }
                    });
                    case "language" -> {
                        if (v == JsonToken.VALUE_STRING && language == null) {
                            language = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }

        private interface FieldSink {
            void accept(String field, String text);
        }

        private void readObject(JsonToken value, FieldSink sink) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING) {
                    sink.accept(field, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }

        private void expect(JsonToken actual, JsonToken wanted, String field) throws IOException, UnreadableInputException {
            if (actual != wanted) {
                throw new UnreadableInputException("not_a_notebook", "'" + field + "' is " + describe(actual)
                        + ", not " + describe(wanted));
            }
        }
    }
}
