package org.pairforge.page;

import org.apache.pdfbox.pdmodel.font.PDVectorFont;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.GeneralPath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Glyphs drawn once per document and copied onto its pages: a glyph of a given font, size and colour, at a given
 * quarter-pixel offset, is filled once into a small translucent image, which every later occurrence is blitted from.
 * Filling each glyph's outline anew (what PDFBox does) is most of a text page's drawing time.
 *
 * <p>The copy is what filling would draw at that quarter-pixel offset, so a glyph lands up to an eighth of a pixel
 * from its exact place: on the corpus e-book's pages a mean difference of about 1/255 per pixel to PDFBox's own
 * fill, along glyph edges (finer offsets bring it down to a third of that, and most of the speed-up with it). The
 * same glyph in the same place is always drawn the same, so pages stay deterministic.
 *
 * <p>For one document on one thread, as PDFBox's renderer is.
 */
final class GlyphMasks {
    /** Bounds memory on a document of many fonts and sizes: past these, glyphs are filled as PDFBox fills them. */
    private static final int MAX_MASKS = 20_000;
    private static final int MAX_SIDE = 160;
    /** 16 MB of masks at most per document and thread, whatever sizes a hostile PDF asks for. */
    private static final long MAX_PIXELS = 4_000_000;
    private static final int QUARTERS = 4;

    private record Key(int code, double m00, double m10, double m01, double m11, int fx, int fy, int rgb) {
    }

    /** A glyph's pixels, and where they sit relative to the whole-pixel part of the glyph's origin. */
    private record Mask(BufferedImage image, int dx, int dy) {
    }

    private static final Mask EMPTY = new Mask(null, 0, 0);
    /** A glyph too large to keep: PDFBox fills each of its occurrences, with no mask drawn for it again. */
    private static final Mask TOO_LARGE = new Mask(null, 0, 0);

    private final Map<PDVectorFont, Map<Key, Mask>> masks = new IdentityHashMap<>();
    private final Map<PDVectorFont, Map<Integer, GeneralPath>> outlines = new IdentityHashMap<>();
    private int count;
    private long pixels;

    /**
     * Draws glyph {@code code} of {@code font}, placed by {@code at} (glyph space to user space), filled with
     * {@code color} through {@code g} (its transform, clip and composite as they are); false when this glyph is
     * left to the caller (too large, a glyph the font lacks, the cache full).
     */
    boolean draw(Graphics2D g, AffineTransform at, PDVectorFont font, int code, Color color) throws IOException {
        AffineTransform saved = g.getTransform(); // a copy: restored after the blit
        AffineTransform device = new AffineTransform(saved);
        device.concatenate(at);
        double tx = device.getTranslateX();
        double ty = device.getTranslateY();
        int ix = (int) Math.floor(tx);
        int iy = (int) Math.floor(ty);
        int fx = (int) Math.round((tx - ix) * QUARTERS);
        int fy = (int) Math.round((ty - iy) * QUARTERS);
        Key key = new Key(code, device.getScaleX(), device.getShearY(), device.getShearX(), device.getScaleY(), fx, fy,
                color.getRGB());
        Map<Key, Mask> ofFont = masks.computeIfAbsent(font, f -> new HashMap<>());
        Mask mask = ofFont.get(key);
        if (mask == null) {
            if (count >= MAX_MASKS || pixels >= MAX_PIXELS) {
                return false;
            }
            GeneralPath outline = outline(font, code);
            if (outline == null) {
                return false;
            }
            mask = render(outline, device, fx / (double) QUARTERS, fy / (double) QUARTERS, color, g);
            long size = mask.image() == null ? 0 : (long) mask.image().getWidth() * mask.image().getHeight();
            if (pixels + size > MAX_PIXELS) {
                pixels = MAX_PIXELS; // full: no more masks are drawn for this document
                return false;
            }
            ofFont.put(key, mask);
            count++;
            pixels += size;
        }
        if (mask == TOO_LARGE) {
            return false;
        }
        if (mask.image() == null) {
            return true; // an empty outline (a space) draws nothing
        }
        java.awt.Composite composite = g.getComposite();
        g.setTransform(new AffineTransform());
        g.setComposite(AlphaComposite.SrcOver);
        g.drawImage(mask.image(), ix + mask.dx(), iy + mask.dy(), null);
        g.setComposite(composite);
        g.setTransform(saved);
        return true;
    }

    private GeneralPath outline(PDVectorFont font, int code) throws IOException {
        Map<Integer, GeneralPath> ofFont = outlines.computeIfAbsent(font, f -> new HashMap<>());
        if (ofFont.containsKey(code)) {
            return ofFont.get(code);
        }
        GeneralPath path = font.hasGlyph(code) ? font.getNormalizedPath(code) : null;
        ofFont.put(code, path);
        return path;
    }

    /** The glyph filled at offset (fx, fy) from a whole pixel, as {@code g} would fill it; {@link #TOO_LARGE} for a large one. */
    private static Mask render(GeneralPath outline, AffineTransform device, double fx, double fy, Color color, Graphics2D g) {
        AffineTransform place = new AffineTransform(device.getScaleX(), device.getShearY(), device.getShearX(),
                device.getScaleY(), fx, fy);
        Shape shape = place.createTransformedShape(outline);
        Rectangle box = shape.getBounds();
        if (box.isEmpty()) {
            return EMPTY;
        }
        box.grow(1, 1); // anti-aliased edges, and snapping, reach just past the outline's bounds
        if (box.width > MAX_SIDE || box.height > MAX_SIDE) {
            return TOO_LARGE;
        }
        BufferedImage image = new BufferedImage(box.width, box.height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D mg = image.createGraphics();
        try {
            mg.setRenderingHints(g.getRenderingHints());
            mg.translate(-box.x, -box.y);
            mg.setColor(color);
            mg.fill(shape);
        } finally {
            mg.dispose();
        }
        return new Mask(image, box.x, box.y);
    }
}
