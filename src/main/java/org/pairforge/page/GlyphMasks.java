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
 * <p>For one document on one thread, as PDFBox's renderer is. The fills themselves are kept per thread across
 * documents too (see {@link #rendered}): the same fonts come back in every chapter of a book and every paper.
 */
final class GlyphMasks {
    /** Bounds memory on a document of many fonts and sizes: past these, glyphs are filled as PDFBox fills them. */
    private static final int MAX_MASKS = 20_000;
    private static final int MAX_SIDE = 160;
    /** 16 MB of masks at most per document and thread, whatever sizes a hostile PDF asks for. */
    private static final long MAX_PIXELS = 4_000_000;
    private static final int QUARTERS = 4;

    private record Key(int code, double m00, double m10, double m01, double m11, int fx, int fy, int rgb) {
        // Written out: a record's generated equals and hashCode go through method handles, which C1 (the only
        // compiler of page runs, bin/pairforge) does not inline; this lookup is made for every glyph drawn.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && code == k.code && fx == k.fx && fy == k.fy && rgb == k.rgb
                    && Double.compare(m00, k.m00) == 0 && Double.compare(m10, k.m10) == 0
                    && Double.compare(m01, k.m01) == 0 && Double.compare(m11, k.m11) == 0;
        }

        @Override
        public int hashCode() {
            int h = code;
            h = 31 * h + Double.hashCode(m00);
            h = 31 * h + Double.hashCode(m10);
            h = 31 * h + Double.hashCode(m01);
            h = 31 * h + Double.hashCode(m11);
            h = 31 * h + fx;
            h = 31 * h + fy;
            return 31 * h + rgb;
        }
    }

    /** A glyph's pixels, and where they sit relative to the whole-pixel part of the glyph's origin. */
    private record Mask(BufferedImage image, int dx, int dy) {
        /** What the mask holds against a budget of pixels. */
        long pixels() {
            return image == null ? 0 : (long) image.getWidth() * image.getHeight();
        }
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
            mask = rendered(outline, new Key(0, key.m00(), key.m10(), key.m01(), key.m11(), fx, fy, key.rgb()), device, color, g);
            long size = mask.pixels();
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

    /**
     * The glyph's mask, from this thread's earlier documents when one had the same outline at the same size, offset,
     * colour and hints (the chapters of a book each embed their own copy of the same fonts), else filled now. Only
     * the filling is shared: what a document may keep, and so what its pages show, is decided by its own budget as
     * before, whatever this thread drew before it.
     */
    private static Mask rendered(GeneralPath outline, Key placement, AffineTransform device, Color color, Graphics2D g) {
        Filled filled = FILLED.get().get();
        if (filled == null) {
            filled = new Filled();
            FILLED.set(new java.lang.ref.SoftReference<>(filled));
        }
        Drawn key = new Drawn(outline, placement, g.getRenderingHints());
        Mask mask = filled.masks.get(key);
        if (mask == null) {
            mask = render(outline, device, placement.fx() / (double) QUARTERS, placement.fy() / (double) QUARTERS, color, g);
            long size = mask.pixels();
            if (filled.masks.size() < MAX_MASKS && filled.pixels + size <= MAX_PIXELS) {
                filled.masks.put(key, mask);
                filled.pixels += size;
            }
        }
        return mask;
    }

    /**
     * Masks a thread has filled, by what was filled, held softly: a long-lived thread (a Spark executor's) gives
     * them back to a tight heap. A mask's pixels are only read once filled.
     */
    private static final ThreadLocal<java.lang.ref.SoftReference<Filled>> FILLED =
            ThreadLocal.withInitial(() -> new java.lang.ref.SoftReference<>(null));

    private static final class Filled {
        final Map<Drawn, Mask> masks = new HashMap<>();
        long pixels;
    }

    /**
     * What a filled mask depends on: the outline's segments and winding rule, and its placement (a {@link Key}
     * without the glyph's code: the same outline has other codes in other subsets of a font), and the hints.
     */
    private static final class Drawn {
        private final double[] coords;
        private final byte[] types;
        private final int winding;
        private final Key placement;
        private final java.awt.RenderingHints hints;
        private final int hash;

        Drawn(GeneralPath outline, Key placement, java.awt.RenderingHints hints) {
            double[] c = new double[64];
            byte[] t = new byte[16];
            int nc = 0;
            int nt = 0;
            double[] segment = new double[6]; // exact for float and double paths alike
            for (java.awt.geom.PathIterator it = outline.getPathIterator(null); !it.isDone(); it.next()) {
                int type = it.currentSegment(segment);
                int n = switch (type) {
                    case java.awt.geom.PathIterator.SEG_MOVETO, java.awt.geom.PathIterator.SEG_LINETO -> 2;
                    case java.awt.geom.PathIterator.SEG_QUADTO -> 4;
                    case java.awt.geom.PathIterator.SEG_CUBICTO -> 6;
                    default -> 0;
                };
                if (nt == t.length) {
                    t = java.util.Arrays.copyOf(t, nt * 2);
                }
                t[nt++] = (byte) type;
                if (nc + n > c.length) {
                    c = java.util.Arrays.copyOf(c, Math.max(c.length * 2, nc + n));
                }
                System.arraycopy(segment, 0, c, nc, n);
                nc += n;
            }
            this.coords = java.util.Arrays.copyOf(c, nc);
            this.types = java.util.Arrays.copyOf(t, nt);
            this.winding = outline.getWindingRule();
            this.placement = placement;
            this.hints = hints;
            this.hash = 31 * (31 * java.util.Arrays.hashCode(coords) + java.util.Arrays.hashCode(types)) + placement.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Drawn d && hash == d.hash && winding == d.winding && placement.equals(d.placement)
                    && java.util.Arrays.equals(types, d.types) && java.util.Arrays.equals(coords, d.coords)
                    && hints.equals(d.hints);
        }

        @Override
        public int hashCode() {
            return hash;
        }
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
