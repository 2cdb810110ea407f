package org.pairforge.check.internal;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Images larger than the model should see are scaled down (area-averaged by halving, then bilinear) and sent as PNG. */
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
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(image));
        if (src == null) {
            throw new IOException("the image does not decode, so it cannot be scaled to --max-image-side " + maxSide);
        }
        double f = (double) maxSide / Math.max(src.getWidth(), src.getHeight());
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        BufferedImage current = toRgb(src);
        // Halving first keeps thin strokes (text) that a single bilinear step from far away would drop.
        while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != w || current.getHeight() != h) {
            current = draw(current, w, h);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(current, "png", out);
        return new Scaled(out.toByteArray(), "image/png", w, h);
    }

    private static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE); // transparent figures are drawn on white, as notebooks show them
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }
}
