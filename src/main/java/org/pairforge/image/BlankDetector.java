package org.pairforge.image;

import org.pairforge.core.EncodedImage;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decides whether an image is near-uniform: the share of pixels within a small tolerance of the most
 * common colour. Pixels are composited over white first, so a fully transparent figure counts as blank.
 *
 * <p>Decoding costs ~3 ms per notebook figure, twenty times the rest of the pipeline, so by default only
 * images whose compressed size is small for their pixel count are decoded: a near-uniform image compresses
 * to 0.005-0.01 bytes per pixel (all white; all transparent), and a white canvas with nothing but a
 * one-pixel frame, already too much to be blank at 99.5%, to 0.02; real charts in our corpus need 0.034 to
 * 0.3 (median 0.17). Images above {@link #COMPRESSED_BYTES_PER_PIXEL} (plus a fixed overhead) carry too
 * much information to be blank and pass undecoded: 3 of the corpus's 139 figures are decoded.
 * {@code --verify-pixels} decodes every image instead.
 */
public final class BlankDetector {
    static final double COMPRESSED_BYTES_PER_PIXEL = 0.025;
    /** Fixed container overhead (headers, palettes, metadata) that small images pay regardless of content. */
    static final int COMPRESSED_OVERHEAD_BYTES = 1024;
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
        // In memory: for a plain byte stream ImageIO's default stream caches the image in a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image.bytes()))) {
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
        int[] px = onWhite(img);
        // Locate the dominant colour by a 4-bit-per-channel histogram, then count pixels near its mean.
        int[] buckets = new int[4096];
        for (int p : px) {
            buckets[bucket(p)]++;
        }
        int best = 0;
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i] > buckets[best]) {
                best = i;
            }
        }
        long r = 0, g = 0, b = 0;
        for (int p : px) {
            if (bucket(p) == best) {
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        int n = buckets[best];
        int mr = (int) (r / n), mg = (int) (g / n), mb = (int) (b / n);
        int close = 0;
        for (int p : px) {
            if (Math.abs(((p >> 16) & 0xff) - mr) <= TOLERANCE && Math.abs(((p >> 8) & 0xff) - mg) <= TOLERANCE
                    && Math.abs((p & 0xff) - mb) <= TOLERANCE) {
                close++;
            }
        }
        return close / (double) px.length;
    }

    private static int bucket(int rgb) {
        return ((rgb >> 12) & 0xf00) | ((rgb >> 8) & 0xf0) | ((rgb >> 4) & 0xf);
    }

    /** Composites over white, as a notebook shows a transparent figure, in one blit; returns 0xRRGGBB pixels. */
    private static int[] onWhite(BufferedImage img) {
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(img, 0, 0, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }
}
