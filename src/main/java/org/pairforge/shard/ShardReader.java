package org.pairforge.shard;

import org.pairforge.core.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.pairforge.core.Rejection;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a shard back the way WebDataset does: a member's key is its name up to the first dot, and
 * adjacent members with the same key form one sample. Used on resume (to recover de-duplication state)
 * and by anyone checking a dataset.
 */
public final class ShardReader {
    private ShardReader() {
    }

    /** members: extension (e.g. "png", "txt", "json") → bytes, in tar order. */
    public record TarSample(String key, Map<String, byte[]> members) {
    }

    /** The dedup keys of a shard's samples, in order, each with its sample's key (what de-duplication remembers). */
    public static Map<String, String> dedupKeys(Path tar) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tar), 1 << 16)) {
            return dedupKeys(file, tar.toString());
        }
    }

    /** {@link #dedupKeys(Path)} of a tar read from a stream (left open), named {@code what} in errors. */
    public static Map<String, String> dedupKeys(InputStream stream, String what) throws IOException {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (TarSample s : read(new BufferedInputStream(stream, 1 << 16), what)) {
            com.fasterxml.jackson.databind.JsonNode key = Json.MAPPER.readTree(s.members().get("json")).get("dedup_key");
            if (key != null) {
                keys.put(key.asText(), s.key());
            }
        }
        return keys;
    }

    public static List<TarSample> read(Path tar) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tar), 1 << 16)) {
            return read(file, tar.toString());
        }
    }

    /** A tar from a stream (left open), named {@code name} in errors. */
    public static List<TarSample> read(InputStream stream, String what) throws IOException {
        List<TarSample> samples = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new NonClosing(stream))) {
            TarArchiveEntry e;
            TarSample current = null;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                int dot = name.indexOf('.');
                if (dot <= 0) {
                    throw new IOException(what + ": member " + name + " has no key.extension form");
                }
                String key = name.substring(0, dot);
                if (current == null || !current.key().equals(key)) {
                    current = new TarSample(key, new LinkedHashMap<>());
                    samples.add(current);
                }
                current.members().put(name.substring(dot + 1), in.readAllBytes());
            }
        }
        return samples;
    }

    /**
     * A sample of a pairforge shard as the pipeline's model, so that stages (the self-check) can run over a
     * finished dataset: the image member ({@code png} or {@code jpg}), {@code txt}, {@code json} as metadata in
     * its order, every other member as an extra. Its source is the {@code source} its metadata names.
     *
     * @throws IOException when the sample lacks an image, its text or its JSON, or the JSON is not an object
     */
    public static org.pairforge.core.Sample toSample(TarSample t) throws IOException {
        byte[] image = null;
        String mediaType = null;
        String text = null;
        Map<String, Object> metadata = null;
        Map<String, String> extras = new java.util.TreeMap<>();
        for (Map.Entry<String, byte[]> m : t.members().entrySet()) {
            switch (m.getKey()) {
                case "png", "jpg", "jpeg" -> {
                    image = m.getValue();
                    mediaType = m.getKey().equals("png") ? "image/png" : "image/jpeg";
                }
                case "txt" -> text = new String(m.getValue(), java.nio.charset.StandardCharsets.UTF_8);
                case "json" -> {
                    Object parsed = Json.MAPPER.readValue(m.getValue(), Object.class);
                    if (!(parsed instanceof Map<?, ?> map)) {
                        throw new IOException("sample " + t.key() + ": its json member is not an object");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) map;
                    metadata = typed;
                }
                default -> extras.put(m.getKey(), new String(m.getValue(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (image == null || text == null || metadata == null) {
            throw new IOException("sample " + t.key() + " lacks its " + (image == null ? "image (png or jpg)"
                    : text == null ? "txt" : "json") + " member");
        }
        Object source = metadata.get("source");
        Object dedupKey = metadata.get("dedup_key");
        return new org.pairforge.core.Sample(t.key(),
                org.pairforge.core.SourceRef.of(source instanceof String s ? s : t.key()),
                List.of(org.pairforge.image.ImageProbe.probe(image, mediaType)), text, metadata, extras,
                dedupKey instanceof String d ? d : null);
    }

    /** The lines of a {@code rejects.jsonl}; an absent file is none. */
    public static List<Rejection> readRejects(Path file) throws IOException {
        List<Rejection> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            out.add(rejection(line));
        }
        return out;
    }

    /** One line of {@code rejects.jsonl} read back ({@link WebDatasetWriter#rejectionLine} wrote it): fields past the five are its details. */
    public static Rejection rejection(String line) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.MAPPER.readValue(line, java.util.LinkedHashMap.class);
        Map<String, Object> details = new java.util.LinkedHashMap<>(m);
        for (String f : List.of("source", "key", "stage", "reason", "message")) {
            details.remove(f);
        }
        return new Rejection(str(m.get("source")), (String) m.get("key"), Rejection.Stage.ofId(str(m.get("stage"))),
                str(m.get("reason")), str(m.get("message")), details);
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** commons-compress closes what it reads; a caller's stream is the caller's to close. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
