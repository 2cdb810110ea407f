package org.pairforge.core;

import java.util.List;
import java.util.Map;

/**
 * One (image, text) pair on its way through the pipeline. Every capability produces these and every stage
 * after extraction (filters, self-check, shard writer) reads only these.
 *
 * @param key      deterministic, dot-free, unique within a run: the WebDataset key
 * @param images   the images the candidate produced; the shard writer takes exactly one
 * @param text     the text target (code, page text, HTML...)
 * @param metadata written as {@code KEY.json}; insertion order is kept
 * @param extras   further text members by file extension (e.g. {@code tex}, {@code html})
 */
public record Sample(String key, SourceRef source, List<EncodedImage> images, String text,
                     Map<String, Object> metadata, Map<String, String> extras) {
    public Sample {
        if (key.indexOf('.') >= 0 || key.indexOf('/') >= 0) {
            throw new IllegalArgumentException("sample key must be dot- and slash-free: " + key);
        }
        images = List.copyOf(images);
        extras = Map.copyOf(extras);
    }

    public EncodedImage image() {
        return images.get(0);
    }
}
