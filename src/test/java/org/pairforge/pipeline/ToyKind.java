package org.pairforge.pipeline;

import org.pairforge.core.EncodedImage;
import org.pairforge.core.Extraction;
import org.pairforge.core.Hashing;
import org.pairforge.core.Keys;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.image.ImageProbe;
import org.pairforge.source.InputKind;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kind made outside pairforge's core, as a user's own would be: {@code .toy} files whose every line is a pair (a
 * bar as wide as the line is long, and the line), a line starting with {@code !} dropped as {@code toy_bang}.
 * Registered in the tests' {@code META-INF/services/org.pairforge.pipeline.Kind}; no core file names it.
 */
public final class ToyKind implements Kind<ToyKind.Options> {
    /** How tall the bars are. */
    public record Options(int height) implements Serializable {
    }

    static final InputKind TOY_FILES = file -> file.getFileName().toString().endsWith(".toy");

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public Options defaults() {
        return new Options(8);
    }

    @Override
    public Pipeline.Builder pipeline(Options options) {
        return Pipeline.of(name(), input -> extract(input.ref().id(), new String(input.content(), StandardCharsets.UTF_8),
                options.height()), TOY_FILES, 1 << 20);
    }

    @Override
    public Map<String, Object> settings(Options options) {
        return Map.of("height", options.height());
    }

    @Override
    public int shardSize() {
        return 2;
    }

    private static Extraction extract(String id, String text, int height) {
        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        String[] lines = text.split("\n");
        int candidates = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            candidates++;
            String key = Hashing.sourceKey(id) + "_l" + Keys.pad(i, 4);
            if (line.startsWith("!")) {
                rejections.add(new Rejection(id, key, Rejection.Stage.FILTER, "toy_bang", "line " + (i + 1) + " starts with !"));
                continue;
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("kind", "toy-line");
            meta.put("source", id);
            meta.put("line", i + 1);
            EncodedImage image = ImageProbe.probe(bar(line.length(), height), "image/png");
            samples.add(new Sample(key, org.pairforge.core.SourceRef.of(id), List.of(image), line, meta, Map.of(),
                    Hashing.sha256Hex(line)));
        }
        return new Extraction(true, candidates, samples, rejections);
    }

    private static byte[] bar(int length, int height) {
        BufferedImage img = new BufferedImage(8 + 4 * length, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), height);
        g.setColor(Color.BLACK);
        g.fillRect(4, 2, 4 * length, Math.max(1, height - 4));
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
