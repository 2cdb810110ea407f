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
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
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
    /** Band offsets of the standard byte layouts, by bytes per pixel. */
    private static final int[][] STANDARD_OFFSETS = {null, {0}, null, {2, 1, 0}, {3, 2, 1, 0}};

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

    /**
     * Share of pixels within {@link #TOLERANCE} of the dominant colour. Every pass walks runs of equal pixels,
     * which is what a near-uniform image is made of: a run is counted at once instead of pixel by pixel (a
     * chain of increments of one histogram bucket, each waiting for the last).
     */
    static double dominantShare(BufferedImage img) {
        int[] px = onWhite(img);
        int n = px.length;
        // Locate the dominant colour by a 4-bit-per-channel histogram, then count pixels near its mean.
        int[] buckets = new int[4096];
        for (int i = 0, j; i < n; i = j) {
            j = runEnd(px, i);
            buckets[bucket(px[i])] += j - i;
        }
        int best = 0;
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i] > buckets[best]) {
                best = i;
            }
        }
        long r = 0, g = 0, b = 0;
        for (int i = 0, j; i < n; i = j) {
            j = runEnd(px, i);
            int p = px[i];
            if (bucket(p) == best) {
                r += (long) (j - i) * ((p >> 16) & 0xff);
                g += (long) (j - i) * ((p >> 8) & 0xff);
                b += (long) (j - i) * (p & 0xff);
            }
        }
        int count = buckets[best];
        int mr = (int) (r / count), mg = (int) (g / count), mb = (int) (b / count);
        int close = 0;
        for (int i = 0, j; i < n; i = j) {
            j = runEnd(px, i);
            int p = px[i];
            if (Math.abs(((p >> 16) & 0xff) - mr) <= TOLERANCE && Math.abs(((p >> 8) & 0xff) - mg) <= TOLERANCE
                    && Math.abs((p & 0xff) - mb) <= TOLERANCE) {
                close += j - i;
            }
        }
        return close / (double) n;
    }

    /** The end of the run of pixels equal to {@code px[i]}. */
    private static int runEnd(int[] px, int i) {
        int p = px[i];
        int j = i + 1;
        while (j < px.length && px[j] == p) {
            j++;
        }
        return j;
    }

    private static int bucket(int rgb) {
        return ((rgb >> 12) & 0xf00) | ((rgb >> 8) & 0xf0) | ((rgb >> 4) & 0xf);
    }

    /**
     * Composites over white, as a notebook shows a transparent figure; returns 0xRRGGBB pixels. The layouts
     * PNG and JPEG decoders give 8-bit images are read straight from their bytes (a blit through Java 2D
     * costs as much as the rest of the check); any other layout takes the blit.
     */
    static int[] onWhite(BufferedImage img) {
        int[] direct = fromBytes(img);
        return direct != null ? direct : blitOnWhite(img);
    }

    static int[] blitOnWhite(BufferedImage img) {
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(img, 0, 0, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    /** 4-byte ABGR, 3-byte BGR or 8-bit grey, tightly packed from the raster's first byte; else null. */
    private static int[] fromBytes(BufferedImage img) {
        int type = img.getType();
        int stride = switch (type) {
            case BufferedImage.TYPE_4BYTE_ABGR -> 4;
            case BufferedImage.TYPE_3BYTE_BGR -> 3;
            case BufferedImage.TYPE_BYTE_GRAY -> 1;
            default -> 0;
        };
        WritableRaster raster = img.getRaster();
        int w = img.getWidth();
        if (stride == 0 || !(raster.getSampleModel() instanceof ComponentSampleModel sm)
                || !(raster.getDataBuffer() instanceof DataBufferByte data) || data.getNumBanks() != 1
                || data.getOffset() != 0 || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || sm.getPixelStride() != stride
                || sm.getScanlineStride() != w * stride || !Arrays.equals(sm.getBandOffsets(), STANDARD_OFFSETS[stride])) {
            return null;
        }
        byte[] bytes = data.getData();
        int[] px = new int[w * img.getHeight()];
        if (stride == 4) {
            for (int i = 0, k = 0; i < px.length; i++, k += 4) {
                int a = bytes[k] & 0xff, b = bytes[k + 1] & 0xff, g = bytes[k + 2] & 0xff, r = bytes[k + 3] & 0xff;
                if (a != 255) { // over white, rounded as Java 2D's blit rounds
                    int white = 255 * (255 - a) + 127;
                    r = (r * a + white) / 255;
                    g = (g * a + white) / 255;
                    b = (b * a + white) / 255;
                }
                px[i] = r << 16 | g << 8 | b;
            }
        } else if (stride == 3) {
            for (int i = 0, k = 0; i < px.length; i++, k += 3) {
                px[i] = (bytes[k + 2] & 0xff) << 16 | (bytes[k + 1] & 0xff) << 8 | (bytes[k] & 0xff);
            }
        } else {
            for (int i = 0; i < px.length; i++) {
                px[i] = (bytes[i] & 0xff) * 0x010101;
            }
        }
        return px;
    }
}
