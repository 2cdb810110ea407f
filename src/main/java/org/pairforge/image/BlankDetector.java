package org.pairforge.image;

import org.pairforge.core.EncodedImage;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides whether an image is near-uniform: the share of pixels within a small tolerance of the most
 * common colour. Pixels are composited over white first, so a fully transparent figure counts as blank.
 *
 * <p>Decoding costs ~3 ms per notebook figure, twenty times the rest of the pipeline, so by default only
 * images whose compressed size is small for their pixel count are decoded: a near-uniform image compresses
 * to ~0.01 bytes per pixel, while the sparsest real chart in our corpus needs 0.034. Images above
 * {@link #COMPRESSED_BYTES_PER_PIXEL} carry too much information to be blank and are passed undecoded.
 */
public final class BlankDetector {
    static final double COMPRESSED_BYTES_PER_PIXEL = 0.05;
    /** Fixed container overhead (headers, palettes, metadata) that small images pay regardless of content. */
    static final int COMPRESSED_OVERHEAD_BYTES = 2048;
    private static final int SAMPLE_GRID = 256;
    private static final int TOLERANCE = 8;

    private final double uniformShare;
    private final boolean alwaysDecode;

    public BlankDetector(double uniformShare, boolean alwaysDecode) {
        this.uniformShare = uniformShare;
        this.alwaysDecode = alwaysDecode;
    }

    /** The verdict, and whether pixels were decoded to reach it. */
    public record Verdict(boolean blank, double dominantShare, boolean decoded) {
    }

    public Verdict inspect(EncodedImage image) throws IOException {
        if (!alwaysDecode && image.bytes().length >= COMPRESSED_BYTES_PER_PIXEL * image.pixels() + COMPRESSED_OVERHEAD_BYTES) {
            return new Verdict(false, Double.NaN, false);
        }
        BufferedImage pixels = decodeSubsampled(image);
        double share = dominantShare(pixels);
        return new Verdict(share >= uniformShare, share, true);
    }

    /** Decodes at most about SAMPLE_GRID x SAMPLE_GRID pixels: enough to judge uniformity. */
    static BufferedImage decodeSubsampled(EncodedImage image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image.bytes()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no decoder for " + image.probed());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(image.width(), image.height()) / SAMPLE_GRID);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                if (decoded == null) {
                    throw new IOException("decoder returned no image");
                }
                return decoded;
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            // ImageIO reports some corrupt streams with unchecked exceptions.
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static double dominantShare(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        Map<Integer, Integer> buckets = new HashMap<>();
        int[] flat = new int[w * h];
        int n = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = overWhite(row[x]);
                flat[n++] = rgb;
                buckets.merge(rgb & 0xf0f0f0, 1, Integer::sum);
            }
        }
        int bucket = buckets.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        // The bucket only locates the dominant colour; count exact closeness to its mean.
        long r = 0, g = 0, b = 0, members = 0;
        for (int i = 0; i < n; i++) {
            if ((flat[i] & 0xf0f0f0) == bucket) {
                r += (flat[i] >> 16) & 0xff;
                g += (flat[i] >> 8) & 0xff;
                b += flat[i] & 0xff;
                members++;
            }
        }
        int mr = (int) (r / members), mg = (int) (g / members), mb = (int) (b / members);
        int close = 0;
        for (int i = 0; i < n; i++) {
            int p = flat[i];
            if (Math.abs(((p >> 16) & 0xff) - mr) <= TOLERANCE && Math.abs(((p >> 8) & 0xff) - mg) <= TOLERANCE
                    && Math.abs((p & 0xff) - mb) <= TOLERANCE) {
                close++;
            }
        }
        return close / (double) n;
    }

    private static int overWhite(int argb) {
        int a = (argb >>> 24) & 0xff;
        if (a == 0xff) {
            return argb & 0xffffff;
        }
        int r = ((argb >> 16) & 0xff) * a / 255 + (255 - a);
        int g = ((argb >> 8) & 0xff) * a / 255 + (255 - a);
        int b = (argb & 0xff) * a / 255 + (255 - a);
        return (r << 16) | (g << 8) | b;
    }
}
