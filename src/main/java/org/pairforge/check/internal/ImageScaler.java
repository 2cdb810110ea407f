package org.pairforge.check.internal;

import org.pairforge.page.PagePng;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Images larger than the model should see are scaled down and sent as PNG: box-averaged by halves while at least
 * twice too large (so thin strokes, i.e. text, survive), then bilinear to the exact size, straight on the pixel
 * arrays (Java2D's bilinear drawImage took 35 ms of a 48 ms page), grey pages kept grey. Deterministic: the
 * same image always gives the same bytes, so request bodies are the same on every run.
 */
public final class ImageScaler {
    private ImageScaler() {
    }

    public record Scaled(byte[] bytes, String mediaType, int width, int height) {
    }

    /** The image as it is when its longer side is within {@code maxSide}, else a PNG scaled to it. */
    public static Scaled fit(byte[] image, String mediaType, int width, int height, int maxSide) throws IOException {
        if (Math.max(width, height) <= maxSide) {
            return new Scaled(image, mediaType, width, height);
        }
        // In memory: for a plain byte stream ImageIO's default stream caches the image in a temporary file.
        // ImageIO.read closes the stream it is given.
        BufferedImage src = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(image)));
        if (src == null) {
            throw new IOException("the image does not decode, so it cannot be scaled to --max-image-side " + maxSide);
        }
        double f = (double) maxSide / Math.max(src.getWidth(), src.getHeight());
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        boolean gray = src.getType() == BufferedImage.TYPE_BYTE_GRAY && src.getRaster().getDataBuffer() instanceof DataBufferByte
                && src.getRaster().getSampleModelTranslateX() == 0 && src.getRaster().getSampleModelTranslateY() == 0;
        if (gray && src.getWidth() / 2 < w && src.getHeight() / 2 < h) {
            // the common case (a page a little over the limit): one bilinear pass, byte to byte
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            grayBilinear(((DataBufferByte) src.getRaster().getDataBuffer()).getData(), src.getWidth(), src.getHeight(),
                    ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), w, h);
            return new Scaled(PagePng.encode(out), "image/png", w, h);
        }
        int channels = gray ? 1 : 3;
        int sw = src.getWidth(), sh = src.getHeight();
        int[] px = gray ? grayPixels(src) : rgbPixels(src);
        while (sw / 2 >= w && sh / 2 >= h) {
            px = halve(px, sw, sh, channels);
            sw /= 2;
            sh /= 2;
        }
        if (sw != w || sh != h) {
            px = bilinear(px, sw, sh, w, h, channels);
        }
        BufferedImage out = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        if (gray) {
            byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (byte) px[i];
            }
        } else {
            int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < dst.length; i++) {
                dst[i] = px[3 * i] << 16 | px[3 * i + 1] << 8 | px[3 * i + 2];
            }
        }
        return new Scaled(PagePng.encode(out), "image/png", w, h);
    }

    private static int[] grayPixels(BufferedImage src) {
        byte[] g = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        int[] px = new int[src.getWidth() * src.getHeight()];
        for (int i = 0; i < px.length; i++) {
            px[i] = g[i] & 0xff;
        }
        return px;
    }

    /** Three samples a pixel; transparency is composed on white, as notebooks show figures. */
    private static int[] rgbPixels(BufferedImage src) {
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        int[] argb = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] px = new int[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            px[3 * i] = argb[i] >> 16 & 0xff;
            px[3 * i + 1] = argb[i] >> 8 & 0xff;
            px[3 * i + 2] = argb[i] & 0xff;
        }
        return px;
    }

    private static int[] halve(int[] px, int w, int h, int c) {
        int hw = w / 2, hh = h / 2;
        int[] out = new int[hw * hh * c];
        for (int y = 0; y < hh; y++) {
            int r0 = 2 * y * w, r1 = (2 * y + 1) * w;
            for (int x = 0; x < hw; x++) {
                for (int k = 0; k < c; k++) {
                    int a = px[(r0 + 2 * x) * c + k] + px[(r0 + 2 * x + 1) * c + k]
                            + px[(r1 + 2 * x) * c + k] + px[(r1 + 2 * x + 1) * c + k];
                    out[(y * hw + x) * c + k] = (a + 2) >> 2;
                }
            }
        }
        return out;
    }

    private static void grayBilinear(byte[] px, int sw, int sh, byte[] out, int w, int h) {
        int[] x0 = new int[w], x1 = new int[w], wx = new int[w];
        columns(sw, w, x0, x1, wx);
        for (int y = 0, o = 0; y < h; y++) {
            double fy = Math.max(0, (y + 0.5) * sh / h - 0.5);
            int y0 = Math.min(sh - 1, (int) fy), y1 = Math.min(sh - 1, y0 + 1);
            int wy = (int) Math.round((fy - y0) * 256);
            int r0 = y0 * sw, r1 = y1 * sw;
            for (int x = 0; x < w; x++, o++) {
                int fx = wx[x];
                int top = (px[r0 + x0[x]] & 0xff) * (256 - fx) + (px[r0 + x1[x]] & 0xff) * fx;
                int bottom = (px[r1 + x0[x]] & 0xff) * (256 - fx) + (px[r1 + x1[x]] & 0xff) * fx;
                out[o] = (byte) ((top * (256 - wy) + bottom * wy + (1 << 15)) >> 16);
            }
        }
    }

    /** Each output column's two source columns and the second one's weight in 1/256. */
    private static void columns(int sw, int w, int[] x0, int[] x1, int[] wx) {
        for (int x = 0; x < w; x++) {
            double fx = Math.max(0, (x + 0.5) * sw / w - 0.5);
            x0[x] = Math.min(sw - 1, (int) fx);
            x1[x] = Math.min(sw - 1, x0[x] + 1);
            wx[x] = (int) Math.round((fx - x0[x]) * 256);
        }
    }

    /** Bilinear with weights in 1/256: the columns' sources and weights are worked out once, not per row. */
    private static int[] bilinear(int[] px, int sw, int sh, int w, int h, int c) {
        int[] out = new int[w * h * c];
        int[] x0 = new int[w], x1 = new int[w], wx = new int[w];
        columns(sw, w, x0, x1, wx);
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, (y + 0.5) * sh / h - 0.5);
            int y0 = Math.min(sh - 1, (int) fy), y1 = Math.min(sh - 1, y0 + 1);
            int wy = (int) Math.round((fy - y0) * 256);
            int r0 = y0 * sw, r1 = y1 * sw, o = y * w * c;
            for (int x = 0; x < w; x++) {
                int a = (r0 + x0[x]) * c, b = (r0 + x1[x]) * c, d = (r1 + x0[x]) * c, e = (r1 + x1[x]) * c;
                int fx = wx[x];
                for (int k = 0; k < c; k++) {
                    int top = px[a + k] * (256 - fx) + px[b + k] * fx;
                    int bottom = px[d + k] * (256 - fx) + px[e + k] * fx;
                    out[o++] = (top * (256 - wy) + bottom * wy + (1 << 15)) >> 16;
                }
            }
        }
        return out;
    }

}
