package org.pairforge.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One (image, text) pair on its way through the pipeline. Every capability produces these and every stage
 * after extraction (filters, self-check, shard writer) reads only these. Immutable: a stage that annotates a
 * sample returns a new one ({@link #withMetadata}, {@link #withMember}), so nothing changes behind the
 * writer's back.
 *
 * @param key      deterministic, dot-free, unique within a run: the WebDataset key
 * @param images   the images the candidate produced; the shard writer takes exactly one
 * @param text     the text target (code, page text, HTML...)
 * @param metadata written as {@code KEY.json}; insertion order is kept
 * @param extras   further text members by name, written as {@code KEY.NAME} ({@code tex}, {@code html},
 *                 {@code caption.txt}); names are sorted in the tar
 * @param dedupKey what makes two samples the same pair (hash of image and normalized text), or null when the
 *                 kind is not de-duplicated
 */
public record Sample(String key, SourceRef source, List<EncodedImage> images, String text,
                     Map<String, Object> metadata, Map<String, String> extras, String dedupKey) {
    /** Member names the shard writer uses itself. */
    private static final Set<String> RESERVED = Set.of("txt", "json", "png", "jpg", "bin");

    public Sample {
        if (key.indexOf('.') >= 0 || key.indexOf('/') >= 0) {
            throw new IllegalArgumentException("sample key must be dot- and slash-free: " + key);
        }
        images = List.copyOf(images);
        for (String name : extras.keySet()) {
            if (RESERVED.contains(name) || name.isEmpty() || name.indexOf('/') >= 0 || name.startsWith(".")
                    || name.endsWith(".")) {
                throw new IllegalArgumentException("member name '" + name + "' of sample " + key
                        + " is reserved or not a file extension");
            }
        }
        extras = Collections.unmodifiableMap(new TreeMap<>(extras));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A sample without a de-duplication key. */
    public Sample(String key, SourceRef source, List<EncodedImage> images, String text,
                  Map<String, Object> metadata, Map<String, String> extras) {
        this(key, source, images, text, metadata, extras, null);
    }

    public EncodedImage image() {
        return images.get(0);
    }

    /** This sample with {@code field} set in its metadata (added last, or replaced where it stands). */
    public Sample withMetadata(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.put(field, value);
        return new Sample(key, source, images, text, m, extras, dedupKey);
    }

    /** This sample with one more text member, {@code KEY.name} (e.g. {@code caption.txt}). */
    public Sample withMember(String name, String content) {
        Map<String, String> e = new TreeMap<>(extras);
        e.put(name, content);
        return new Sample(key, source, images, text, metadata, e, dedupKey);
    }
}
