package org.pairforge.page;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.state.PDGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;
import org.pairforge.core.Parts;
import org.pairforge.core.UnreadableInputException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The one page pipeline every paged capability ends in (HTML/EPUB documents through either engine, LaTeX
 * papers): PDF bytes → per page a PNG at the profile's DPI, the page's own text in reading order, and word
 * boxes in image pixels. PDFBox 3 does all of it in process; nothing is fetched from anywhere.
 * Thread-safe: each call loads its own document.
 */
public final class PdfPages {
    private final PageOptions options;

    public PdfPages(PageOptions options) {
        this(options, true);
    }

    /** Whether glyphs are copied from {@link GlyphMasks}; off only to compare with PDFBox's own fills. */
    private final boolean glyphMasks;

    PdfPages(PageOptions options, boolean glyphMasks) {
        this.options = options;
        this.glyphMasks = glyphMasks;
    }

    /** Receives pages one at a time, so a long document is never held whole as images. */
    @FunctionalInterface
    public interface PageSink {
        void accept(RenderedPage page) throws IOException;
    }

    /**
     * Renders every page (up to the page limit) to {@code sink}.
     *
     * @return the document's page count (which may exceed the pages rendered)
     * @throws UnreadableInputException when the bytes are not a PDF PDFBox can open, or are encrypted
     */
    public int render(byte[] pdf, PageSink sink) throws UnreadableInputException, IOException {
        return render(pdf, options.maxPages(), sink);
    }

    /** As {@link #render(byte[], PageSink)}, rendering at most {@code maxPages} pages (a caller's remaining budget). */
    public int render(byte[] pdf, int maxPages, PageSink sink) throws UnreadableInputException, IOException {
        try (Opened doc = open(pdf, Long.MAX_VALUE)) {
            doc.render(Math.min(doc.pageCount(), maxPages), sink);
            return doc.pageCount();
        }
    }

    /** Work on one page of a document open on the thread it runs on (see {@link Opened#pages}). */
    @FunctionalInterface
    public interface PageWork<T> {
        T apply(Opened doc, int number);
    }

    /**
     * Opens a PDF to render its pages one at a time: a caller that reads PDFs from outside (documents' PDF input)
     * limits each page's time and decides per page. Owner-password-only files open, as readers open them.
     *
     * @param maxStreamBytes the most one page's content streams may decompress to (a compressed-stream bomb is
     *                       refused before it is parsed); PDFBox's scratch streams go to a temporary file past 16 MB
     * @throws UnreadableInputException {@code encrypted_pdf} (a user password), {@code pdf_damaged}
     */
    public Opened open(byte[] pdf, long maxStreamBytes) throws UnreadableInputException {
        PDDocument doc;
        try {
            doc = Loader.loadPDF(new org.apache.pdfbox.io.RandomAccessReadBuffer(pdf), "", null, null,
                    org.apache.pdfbox.io.MemoryUsageSetting.setupMixed(16L << 20).streamCache);
        } catch (InvalidPasswordException e) {
            throw new UnreadableInputException("encrypted_pdf", "the PDF needs a password to open: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableInputException("pdf_damaged", "PDFBox cannot open it: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new UnreadableInputException("pdf_damaged", "PDFBox cannot open it: objects nested too deep to parse");
        }
        return new Opened(doc, pdf, maxStreamBytes);
    }

    /** An open PDF; pages render one at a time, each from the same document (one thread at a time). */
    public final class Opened implements java.io.Closeable {
        private final PDDocument doc;
        private final long maxStreamBytes;
        private final PDFRenderer renderer;
        private final PageTextStripper stripper;

        private final byte[] bytes;
        /** Left to a render abandoned past its time limit: no other page may use it. */
        private volatile boolean abandoned;

        private Opened(PDDocument doc, byte[] bytes, long maxStreamBytes) {
            this.doc = doc;
            this.bytes = bytes;
            this.maxStreamBytes = maxStreamBytes;
            this.renderer = new SupersampledImages(doc, glyphMasks);
            this.stripper = new PageTextStripper(options.dpi() / 72f);
        }

        public int pageCount() {
            return doc.getNumberOfPages();
        }

        public PDDocument document() {
            return doc;
        }

        /**
         * Page {@code number} (1-based): image, text, words and layout.
         *
         * @throws UnreadableInputException {@code page_too_large} (pixels), {@code pdf_stream_too_large} (content
         *                                  that decompresses past the limit), {@code pdf_damaged}
         */
        public RenderedPage page(int number) throws UnreadableInputException, IOException {
            PDPage page = doc.getPage(number - 1);
            checkSize(page, number);
            if (maxStreamBytes < Long.MAX_VALUE) {
                checkStreams(page, number);
            }
            try {
                long t0 = System.nanoTime();
                BufferedImage image = renderer.renderImageWithDPI(number - 1, options.dpi(), ImageType.RGB);
                byte[] png = png(image);
                long t1 = System.nanoTime();
                PageTextStripper.PageText text = stripper.page(doc, number);
                long t2 = System.nanoTime();
                return new RenderedPage(number, pageCount(), png, image.getWidth(), image.getHeight(),
                        options.dpi(), text.text(), text.words(), text.fonts(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                        text.layout(), text.glyphs(), text.unmapped());
            } catch (StackOverflowError e) {
                throw new UnreadableInputException("pdf_damaged", "page " + number + ": objects nested too deep to draw");
            }
        }

        /**
         * Decompresses the page's content streams (and its forms', one level down) counting bytes, and stops at
         * the limit: PDFBox would parse a gigabyte of content for minutes.
         */
        private void checkStreams(PDPage page, int number) throws UnreadableInputException {
            long total = 0;
            List<org.apache.pdfbox.cos.COSStream> streams = new ArrayList<>();
            try {
                java.util.Iterator<org.apache.pdfbox.pdmodel.common.PDStream> contents = page.getContentStreams();
                while (contents.hasNext()) {
                    streams.add(contents.next().getCOSObject());
                }
                org.apache.pdfbox.pdmodel.PDResources resources = page.getResources();
                if (resources != null) {
                    for (org.apache.pdfbox.cos.COSName name : resources.getXObjectNames()) {
                        if (resources.getXObject(name) instanceof org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form) {
                            streams.add(form.getCOSObject());
                        }
                    }
                }
                byte[] buffer = new byte[1 << 16];
                for (org.apache.pdfbox.cos.COSStream s : streams) {
                    try (java.io.InputStream in = s.createInputStream()) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            total += n;
                            if (total > maxStreamBytes) {
                                throw new UnreadableInputException("pdf_stream_too_large", "page " + number
                                        + "'s content decompresses to more than " + (maxStreamBytes >> 20)
                                        + " MB (--max-input-mb)");
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new UnreadableInputException("pdf_damaged", "page " + number + ": " + e.getMessage());
            }
        }

        /**
         * Pages {@code 1..count} to {@code sink} in page order, drawn in parallel where workers are idle (see
         * {@link #pages}); the first page that cannot be drawn ends it with its reason.
         */
        public void render(int count, PageSink sink) throws UnreadableInputException, IOException {
            Exception[] failed = {null};
            pages(count, (copy, number) -> {
                try {
                    return copy.page(number);
                } catch (UnreadableInputException | IOException e) {
                    return e;
                }
            }, result -> {
                try {
                    if (result instanceof RenderedPage page) {
                        sink.accept(page);
                        return true;
                    }
                    failed[0] = (Exception) result;
                } catch (IOException e) {
                    failed[0] = e;
                }
                return false;
            });
            if (failed[0] instanceof UnreadableInputException e) {
                throw e;
            } else if (failed[0] instanceof IOException e) {
                throw e;
            }
        }

        /**
         * A render on this document was abandoned past its time limit and may still be running: pages after it get
         * a copy of their own (see {@link #pages}). Its owner still closes it.
         */
        public void abandon() {
            abandoned = true;
        }

        /**
         * Works on pages {@code 1..count} and hands their results to {@code sink} in page order, on this thread, as
         * {@link Parts#inOrder} does: the pages a helper works on are drawn from a copy of the document it opens for
         * itself (PDFBox documents are for one thread), so one long PDF keeps every core busy. {@code work} must
         * depend on the page alone; {@code sink} returning false stops before the next page is begun.
         */
        public <T> void pages(int count, PageWork<T> work, java.util.function.Predicate<? super T> sink) {
            Thread owner = Thread.currentThread();
            java.util.Map<Thread, Opened> copies = new java.util.concurrent.ConcurrentHashMap<>();
            try {
                Parts.inOrder(count, i -> work.apply(forThread(owner, copies), i + 1), sink);
            } finally {
                for (Opened copy : copies.values()) {
                    try {
                        copy.close();
                    } catch (IOException | RuntimeException e) {
                        // a copy of a document already read: nothing to lose
                    }
                }
            }
        }

        private Opened forThread(Thread owner, java.util.Map<Thread, Opened> copies) {
            Thread me = Thread.currentThread();
            if (me == owner && !abandoned) {
                return this;
            }
            Opened copy = copies.get(me);
            if (copy == null || copy.abandoned) {
                try {
                    copy = open(bytes, maxStreamBytes);
                } catch (UnreadableInputException e) {
                    throw new IllegalStateException("a PDF that opened once does not open again: " + e.getMessage(), e);
                }
                copies.put(me, copy); // an abandoned copy is left to its render, as this document is
            }
            return copy;
        }

        @Override
        public void close() throws IOException {
            doc.close();
        }
    }

    /**
     * Big embedded images (a 3500 px figure drawn 500 px wide) are decoded at no less than twice their drawn
     * size, then smoothed down as before: PDFBox's own subsampling goes down to the drawn size by dropping
     * pixels, which erases thin lines and makes figure text blocky; decoding every pixel spends most of a
     * page's time on such an image. On the corpus paper's page 7: 250 ms instead of 660 ms, a mean pixel
     * difference of 0.17/255 to the full decode (PDFBox's subsampling: 0.54, visibly worse).
     */
    private static final class SupersampledImages extends PDFRenderer {
        /** Glyphs drawn once and copied after (see {@link GlyphMasks}); none for a document with optional content. */
        private final GlyphMasks masks;

        SupersampledImages(PDDocument doc, boolean glyphMasks) {
            super(doc);
            setSubsamplingAllowed(true);
            // Optional content hides what it marks through state PageDrawer keeps to itself: such documents' glyphs
            // are all filled by PDFBox, which knows what is hidden.
            this.masks = glyphMasks && doc.getDocumentCatalog().getOCProperties() == null ? new GlyphMasks() : null;
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            return new PageDrawer(parameters) {
                @Override
                protected int getSubsampling(PDImage image, AffineTransform at) {
                    return Math.max(1, super.getSubsampling(image, at) / 2);
                }

                /**
                 * Plain filled text (opaque colour, normal blending, no soft mask) of an embedded font is copied
                 * from the document's glyph masks; everything else is drawn by PDFBox.
                 */
                @Override
                protected void showFontGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement)
                        throws IOException {
                    PDGraphicsState state = getGraphicsState();
                    if (masks != null && font instanceof org.apache.pdfbox.pdmodel.font.PDVectorFont vector
                            && font.isEmbedded()
                            && state.getTextState().getRenderingMode() == RenderingMode.FILL
                            && state.getNonStrokeAlphaConstant() == 1.0
                            && state.getSoftMask() == null
                            && state.getBlendMode() == org.apache.pdfbox.pdmodel.graphics.blend.BlendMode.NORMAL
                            && getNonStrokingPaint() instanceof java.awt.Color color && color.getAlpha() == 255) {
                        AffineTransform at = textRenderingMatrix.createAffineTransform();
                        at.concatenate(font.getFontMatrix().createAffineTransform());
                        setClip();
                        if (masks.draw(getGraphics(), at, vector, code, color)) {
                            return;
                        }
                    }
                    super.showFontGlyph(textRenderingMatrix, font, code, displacement);
                }
            };
        }
    }

    private void checkSize(PDPage page, int number) throws UnreadableInputException {
        PDRectangle box = page.getCropBox();
        double scale = options.dpi() / 72.0;
        long pixels = (long) Math.ceil(box.getWidth() * scale) * (long) Math.ceil(box.getHeight() * scale);
        if (pixels > options.maxPixelsPerPage()) {
            throw new UnreadableInputException("page_too_large", "page " + number + " would rasterize to " + pixels
                    + " pixels at " + options.dpi() + " dpi, over the limit of " + options.maxPixelsPerPage() + " (--max-page-pixels)");
        }
    }

    /**
     * PNG at deflate level 1: measured on the corpus paper's pages it encodes 35% faster than the default
     * level and the files come out no larger, since page images are mostly flat runs that any level
     * compresses. {@link PagePng} writes it from the raster's array; ImageIO only for other image types.
     */
    private static byte[] png(BufferedImage rendered) throws IOException {
        BufferedImage image = grayIfColorless(rendered);
        if (PagePng.supports(image)) {
            return PagePng.encode(image);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * Most pages have no colour: as 8-bit grey they encode in about half the time and a quarter less space.
     * The grey values are the RGB values copied (not converted through Java's linear grey colour space),
     * so every pixel stays exactly what PDFBox drew.
     */
    static BufferedImage grayIfColorless(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB
                || !(image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt ints)) {
            return image;
        }
        int[] rgb = ints.getData();
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] g = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        // One pass: copied while checked, so a grey page (most) reads its pixels once.
        for (int i = 0; i < rgb.length; i++) {
            int v = rgb[i];
            if (((v ^ (v >>> 8)) & 0xffff) != 0) { // red = green = blue
                return image;
            }
            g[i] = (byte) v;
        }
        return gray;
    }

    /** PDFBox's stripper, one page at a time, also recording where every glyph is. */
    static final class PageTextStripper extends PDFTextStripper {
        /** {@code glyphs}: glyphs drawn visibly; {@code unmapped}: those of them with no Unicode text (see {@link #unmapped}). */
        record PageText(String text, List<WordBox> words, List<String> fonts, PageLayout layout, int glyphs, int unmapped) {
        }

        private int drawn;
        private int mapped;
        private static final float[] NO_MARK = {0, LaidGlyph.UNMARKED};
        /** Each glyph's font size and marked-content id, beside the glyph (WordSplitter keeps the instances). */
        private final java.util.IdentityHashMap<WordSplitter.Glyph, float[]> markOf = new java.util.IdentityHashMap<>();
        /** Open marked-content sequences, innermost last: an MCID, or ARTIFACT, or UNMARKED for other tags. */
        private final java.util.ArrayDeque<Integer> marks = new java.util.ArrayDeque<>();
        private final java.util.IdentityHashMap<TextPosition, Integer> markAt = new java.util.IdentityHashMap<>();
        private final DuplicateGlyphs duplicates = new DuplicateGlyphs();
        /** Whether each open marked-content sequence has an /ActualText, innermost last. */
        private final java.util.ArrayDeque<Boolean> actualTexts = new java.util.ArrayDeque<>();
        /** PDFBox's own state: glyphs under an /ActualText take its text and skip the duplicate check. */
        private boolean inActualText;

        private final float scale;
        private final List<WordSplitter.Glyph> glyphs = new ArrayList<>();
        private final TreeSet<String> fonts = new TreeSet<>();
        /** The font of the glyph last written: its name is in {@link #fonts} already. */
        private PDFont lastFont;
        private final List<PageLayout.Picture> pictures = new ArrayList<>();
        /** The picture whose drawing the content stream is in (innermost), or -1. */
        private int inPicture = -1;
        /** The picture each glyph was drawn in: text positions are written out later than they are drawn. */
        private final java.util.IdentityHashMap<TextPosition, Integer> pictureOf = new java.util.IdentityHashMap<>();
        private final java.util.IdentityHashMap<TextPosition, float[]> inkOf = new java.util.IdentityHashMap<>();
        private final java.util.Map<PDFont, java.util.Map<Integer, float[]>> glyphBounds = new java.util.IdentityHashMap<>();
        private final java.util.Map<PDFont, String> fontNames = new java.util.IdentityHashMap<>();
        private float[] pendingInk;
        private float pageWidth;
        /** The crop box's left and top edges in user space: images and glyph ink are placed from them. */
        private float cropLeft;
        private float cropTop;

        private float pageHeight;
        private boolean pageRotated;

        PageTextStripper(float scale) {
            this.scale = scale;
            // Content-stream order: TeX and browsers write text in reading order, while sorting by position
            // would merge the two columns of a paper line by line and interleave overlapping labels.
            setSortByPosition(false);
            // the same rule, on a faster index (processTextPosition)
            setSuppressDuplicateOverlappingText(false);
            ClipTracking.operators(this).forEach(this::addOperator);
            addOperator(new Pictures(this));
            addOperator(new org.apache.pdfbox.contentstream.operator.markedcontent.BeginMarkedContentSequence(this));
            addOperator(new org.apache.pdfbox.contentstream.operator.markedcontent.BeginMarkedContentSequenceWithProperties(this));
            addOperator(new org.apache.pdfbox.contentstream.operator.markedcontent.EndMarkedContentSequence(this));
        }

        PageText page(PDDocument doc, int number) throws IOException {
            glyphs.clear();
            markOf.clear();
            marks.clear();
            markAt.clear();
            duplicates.clear();
            actualTexts.clear();
            inActualText = false;
            drawn = 0;
            mapped = 0;
            fonts.clear();
            lastFont = null;
            pictures.clear();
            pictureOf.clear();
            inkOf.clear();
            inPicture = -1;
            PDPage page = doc.getPage(number - 1);
            pageHeight = page.getCropBox().getHeight();
            pageWidth = page.getCropBox().getWidth();
            cropLeft = page.getCropBox().getLowerLeftX();
            cropTop = page.getCropBox().getUpperRightY();
            pageRotated = page.getRotation() % 360 != 0;
            setStartPage(number);
            setEndPage(number);
            getText(doc); // drives writePage, which takes each glyph; the text itself is rebuilt from the words
            WordSplitter.Result words = WordSplitter.segment(glyphs);
            List<LaidWord> laid = new ArrayList<>(words.words().size());
            for (int w = 0; w < words.words().size(); w++) {
                List<LaidGlyph> g = new ArrayList<>();
                for (WordSplitter.Glyph glyph : words.glyphs().get(w)) {
                    float baseline = glyph.dir() == 0 || pageRotated ? glyph.baseline() * scale : glyph.y1();
                    float[] sizeAndMark = markOf.getOrDefault(glyph, NO_MARK);
                    g.add(new LaidGlyph(glyph.text(), glyph.x0(), glyph.y0(), glyph.x1(), glyph.y1(), baseline,
                            glyph.font(), glyph.picture(), sizeAndMark[0], (int) sizeAndMark[1]));
                }
                laid.add(new LaidWord(words.words().get(w), g));
            }
            return new PageText(words.text(), words.words(), List.copyOf(fonts),
                    new PageLayout(laid, List.copyOf(pictures)), drawn, drawn - mapped);
        }

        /**
         * The {@code Do} operator, noting where pictures are drawn: a raster image fills the unit square of the
         * current transformation; a form is a picture when pdfTeX or XeTeX embedded it as a graphic file
         * ({@code \includegraphics}: its {@code PTEX.*} keys), and text inside it is the picture's text.
         */
        private static final class Pictures extends org.apache.pdfbox.contentstream.operator.DrawObject {
            private final PageTextStripper stripper;

            Pictures(PageTextStripper stripper) {
                super(stripper);
                this.stripper = stripper;
            }

            @Override
            public void process(org.apache.pdfbox.contentstream.operator.Operator operator,
                                List<org.apache.pdfbox.cos.COSBase> arguments) throws IOException {
                if (arguments.isEmpty() || !(arguments.get(0) instanceof org.apache.pdfbox.cos.COSName name)) {
                    super.process(operator, arguments);
                    return;
                }
                org.apache.pdfbox.pdmodel.PDResources resources = stripper.getResources();
                Matrix ctm = stripper.getGraphicsState().getCurrentTransformationMatrix();
                if (resources.isImageXObject(name)) {
                    stripper.addPicture(new PDRectangle(0, 0, 1, 1), ctm, "image");
                    return;
                }
                org.apache.pdfbox.pdmodel.graphics.PDXObject xobject = resources.getXObject(name);
                if (xobject instanceof org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form && isGraphic(form)) {
                    Matrix m = form.getMatrix().multiply(ctm);
                    int outer = stripper.inPicture;
                    int index = stripper.addPicture(form.getBBox(), m, "graphic");
                    stripper.inPicture = index >= 0 ? index : outer;
                    try {
                        super.process(operator, arguments);
                    } finally {
                        stripper.inPicture = outer;
                    }
                    return;
                }
                super.process(operator, arguments);
            }

            private static boolean isGraphic(org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form) {
                for (org.apache.pdfbox.cos.COSName key : form.getCOSObject().keySet()) {
                    if (key.getName().startsWith("PTEX.")) {
                        return true;
                    }
                }
                return false;
            }
        }

        /** The box {@code rect} covers under {@code m}, in image pixels, clipped to the page; its index, or -1. */
        private int addPicture(PDRectangle rect, Matrix m, String kind) {
            if (rect == null || inPicture >= 0) {
                return -1; // a picture inside a picture is part of it
            }
            float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
            for (float[] c : new float[][]{{rect.getLowerLeftX(), rect.getLowerLeftY()}, {rect.getUpperRightX(), rect.getLowerLeftY()},
                    {rect.getLowerLeftX(), rect.getUpperRightY()}, {rect.getUpperRightX(), rect.getUpperRightY()}}) {
                Point2D.Float p = m.transformPoint(c[0], c[1]);
                minX = Math.min(minX, p.x - cropLeft);
                maxX = Math.max(maxX, p.x - cropLeft);
                minY = Math.min(minY, cropTop - p.y);
                maxY = Math.max(maxY, cropTop - p.y);
            }
            int x0 = (int) Math.floor(Math.max(0, minX) * scale), x1 = (int) Math.ceil(Math.min(pageWidth, maxX) * scale);
            int y0 = (int) Math.floor(Math.max(0, minY) * scale), y1 = (int) Math.ceil(Math.min(pageHeight, maxY) * scale);
            if (x1 - x0 < 2 || y1 - y0 < 2) {
                return -1; // off the page, or a rule drawn as an image
            }
            pictures.add(new PageLayout.Picture(x0, y0, x1, y1, kind));
            return pictures.size() - 1;
        }

        /** A font's name without its subset tag, or null; asked once per font of the document, not per glyph. */
        private String fontName(PDFont font) {
            return font == null ? null : fontNames.computeIfAbsent(font, f -> withoutSubsetTag(f.getName()));
        }

        /**
         * The glyph's box in image pixels. Upright text uses PDFBox's direction-adjusted coordinates (points
         * from the crop box's top-left). Rotated text (axis labels) is boxed from its text-rendering matrix,
         * which PDFBox has already made relative to the crop box: the corners of baseline x (descent..height),
         * mapped to the page and bounded.
         */
        private WordSplitter.Glyph glyph(TextPosition p) {
            float height = p.getHeightDir();
            float along0 = p.getXDirAdj();
            float along1 = along0 + p.getWidthDirAdj();
            float baseline = p.getYDirAdj();
            String font = fontName(p.getFont());
            int picture = pictureOf.getOrDefault(p, -1);
            float dir = p.getDir();
            if (dir == 0 || pageRotated) {
                float top = baseline - height;
                float bottom = baseline + height * 0.25f;
                float[] ink = dir == 0 && !pageRotated ? inkOf.get(p) : null;
                if (ink != null && ink[1] - ink[0] > 0) {
                    float shared = Math.min(bottom, ink[1]) - Math.max(top, ink[0]);
                    if (shared < 0.9f * (ink[1] - ink[0])) {
                        top = ink[0]; // the glyph's ink reaches out of the box its font's height makes
                        bottom = ink[1];
                    }
                }
                return new WordSplitter.Glyph(p.getUnicode(), along0 * scale, top * scale,
                        along1 * scale, bottom * scale, dir, along0, along1, baseline, height,
                        font, picture);
            }
            Matrix m = p.getTextMatrix();
            double along = Math.hypot(m.getScaleX(), m.getShearY());
            double up = Math.hypot(m.getShearX(), m.getScaleY());
            double dx = m.getScaleX() / along, dy = m.getShearY() / along;   // baseline direction
            double ux = m.getShearX() / up, uy = m.getScaleY() / up;         // glyph "up" direction
            double w = p.getWidthDirAdj();
            double ox = m.getTranslateX(), oy = m.getTranslateY();
            double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (double a : new double[]{0, w}) {
                for (double b : new double[]{-0.25 * height, height}) {
                    double x = ox + a * dx + b * ux;
                    double y = pageHeight - (oy + a * dy + b * uy);
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
            return new WordSplitter.Glyph(p.getUnicode(), (float) (minX * scale), (float) (minY * scale),
                    (float) (maxX * scale), (float) (maxY * scale), dir, along0, along1, baseline, height,
                    font, picture);
        }

        /**
         * Only glyphs that can be seen count as the page's text. Flying Saucer paints a line that straddles a
         * page break on both pages, clipped away on one of them; TeX can set text past the page's edge. Both
         * leave glyphs in the content stream that the image does not show. A glyph is kept when its centre
         * lies inside the clipping path (which starts as the crop box) and its rendering mode paints.
         */
        @Override
        protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement)
                throws IOException {
            PDGraphicsState state = getGraphicsState();
            RenderingMode mode = state.getTextState().getRenderingMode();
            if (!mode.isFill() && !mode.isStroke()) {
                return; // modes 3 and 7: the glyph is not drawn
            }
            Point2D.Float centre = textRenderingMatrix.transformPoint(displacement.getX() / 2, 0.3f);
            if (!visible(state, centre)) {
                return;
            }
            drawn++;
            pendingInk = ink(textRenderingMatrix, font, code);
            super.showGlyph(textRenderingMatrix, font, code, displacement);
            pendingInk = null;
        }

        /**
         * Where the glyph's ink is, top and bottom in points from the page's top, for upright glyphs of vector
         * fonts (cached per font and code), else null. A big operator of TeX's extension font (CMEX's integral)
         * hangs below its baseline, where a box made from the font's height would put it above.
         */
        private float[] ink(Matrix trm, PDFont font, int code) {
            if (!(font instanceof org.apache.pdfbox.pdmodel.font.PDVectorFont vector) || trm.getShearX() != 0
                    || trm.getShearY() != 0 || trm.getScaleY() == 0) {
                return null;
            }
            float[] glyph = glyphBounds.computeIfAbsent(font, f -> new java.util.HashMap<>()).computeIfAbsent(code, c -> {
                try {
                    // normalized: 1000 units to the em whatever the font's own units (a TrueType's 2048)
                    java.awt.geom.Rectangle2D b = vector.getNormalizedPath(c).getBounds2D();
                    if (b.isEmpty() || b.getHeight() > 3500) {
                        return new float[0]; // nothing drawn, or not a glyph's outline as we know them
                    }
                    Matrix fm = font.getFontMatrix();
                    return new float[]{(float) (b.getMinY() * fm.getScaleY()), (float) (b.getMaxY() * fm.getScaleY())};
                } catch (IOException | RuntimeException e) {
                    return new float[0];
                }
            });
            if (glyph.length == 0) {
                return null;
            }
            float bottom = trm.getTranslateY() + glyph[0] * trm.getScaleY();
            float top = trm.getTranslateY() + glyph[1] * trm.getScaleY();
            return new float[]{cropTop - Math.max(top, bottom), cropTop - Math.min(top, bottom)};
        }

        private static boolean visible(PDGraphicsState state, Point2D point) {
            Area clip = state.getCurrentClippingPath();
            return clip.isRectangular() ? clip.getBounds2D().contains(point) : clip.contains(point);
        }

        /**
         * A glyph whose font gives no Unicode for it (PDFBox drops a composite font's, and passes a simple font's
         * code through) or gives U+FFFD, a private-use or a control character: text that reads as noise.
         */
        static boolean unmapped(String unicode) {
            if (unicode == null || unicode.isEmpty()) {
                return true;
            }
            for (int i = 0; i < unicode.length(); ) {
                int c = unicode.codePointAt(i);
                i += Character.charCount(c);
                int type = Character.getType(c);
                if (c == 0xFFFD || type == Character.PRIVATE_USE || type == Character.CONTROL && !Character.isWhitespace(c)
                        || type == Character.UNASSIGNED) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void beginMarkedContentSequence(org.apache.pdfbox.cos.COSName tag, org.apache.pdfbox.cos.COSDictionary properties) {
            int outer = marks.isEmpty() ? LaidGlyph.UNMARKED : marks.peekLast();
            int mark = outer;
            if (tag != null && "Artifact".equals(tag.getName())) {
                mark = LaidGlyph.ARTIFACT;
            } else if (outer != LaidGlyph.ARTIFACT && properties != null && properties.containsKey(org.apache.pdfbox.cos.COSName.MCID)) {
                mark = properties.getInt(org.apache.pdfbox.cos.COSName.MCID);
            }
            marks.addLast(mark);
            // as PDFBox's stripper: an inner sequence without one ends an outer one's /ActualText
            inActualText = properties != null && properties.getString(org.apache.pdfbox.cos.COSName.ACTUAL_TEXT) != null;
            actualTexts.addLast(inActualText);
            super.beginMarkedContentSequence(tag, properties);
        }

        @Override
        public void endMarkedContentSequence() {
            if (!marks.isEmpty()) {
                marks.removeLast();
            }
            if (!actualTexts.isEmpty() && actualTexts.removeLast()) {
                inActualText = false;
            }
            super.endMarkedContentSequence();
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            if (!unmapped(text.getUnicode())) {
                mapped++;
            }
            if (!marks.isEmpty() && marks.peekLast() != LaidGlyph.UNMARKED) {
                markAt.put(text, marks.peekLast());
            }
            if (inPicture >= 0) {
                pictureOf.put(text, inPicture);
            }
            if (pendingInk != null) {
                inkOf.put(text, pendingInk);
            }
            String unicode = text.getUnicode();
            if (!inActualText && unicode != null
                    && duplicates.duplicate(unicode, text.getX(), text.getY(), text.getWidth() / unicode.length() / 3.0f)) {
                return; // drawn again over itself (fake bold, shadows): PDFBox's rule, which is off in super
            }
            super.processTextPosition(text);
        }

        /**
         * PDFBox's own writePage finds lines and words (and normalizes each word's string) only to hand each
         * word's glyphs to writeString, and its words and text are not used (its gap heuristic splits rotated text
         * every few glyphs): words and text come from WordSplitter. So each glyph is taken here, in the same content
         * order (positions are not sorted); that pass was a third of the text stripper's time.
         */
        @Override
        protected void writePage() {
            for (List<TextPosition> article : charactersByArticle) {
                for (TextPosition p : article) {
                    if (p.getUnicode() != null) {
                        take(p);
                    }
                }
            }
        }

        private void take(TextPosition p) {
            WordSplitter.Glyph g = glyph(p);
            glyphs.add(g);
            markOf.put(g, new float[]{p.getFontSizeInPt(), markAt.getOrDefault(p, LaidGlyph.UNMARKED)});
            PDFont font = p.getFont();
            if (font != lastFont) { // runs of glyphs share a font
                String name = fontName(font);
                if (name != null) {
                    fonts.add(name);
                }
            }
            lastFont = font;
        }
    }

    /**
     * A font's name without its subset tag ({@code ABCDEF+DejaVuSerif}): PDF writers draw the six letters at
     * random (OpenPDF does), so with them the same page would name other fonts on every run.
     */
    static String withoutSubsetTag(String name) {
        if (name != null && name.length() > 7 && name.charAt(6) == '+') {
            for (int i = 0; i < 6; i++) {
                if (name.charAt(i) < 'A' || name.charAt(i) > 'Z') {
                    return name;
                }
            }
            return name.substring(7);
        }
        return name;
    }
}
