package org.pairforge.pipeline;

import org.pairforge.browser.BrowserPool;
import org.pairforge.core.BufferExtractor;
import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.core.Filter;
import org.pairforge.core.Rejection;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.TempFolder;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.document.ChromiumEngine;
import org.pairforge.document.DocumentOptions;
import org.pairforge.document.DocumentPairs;
import org.pairforge.document.FlyingSaucerEngine;
import org.pairforge.document.HtmlEngine;
import org.pairforge.latex.LatexOptions;
import org.pairforge.latex.LatexPairs;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.notebook.NotebookPairs;
import org.pairforge.source.InputFiles;
import org.pairforge.source.InputKind;
import org.pairforge.web.WebOptions;
import org.pairforge.web.WebPairs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one entry point of every capability: an input in, its samples and rejections out, after the chain of
 * {@link Stage}s. The CLI, Spark and fixtures are thin adapters over this.
 *
 * <pre>{@code
 * try (Pipeline pipeline = Pipeline.notebooks(NotebookOptions.builder().minCodeLines(5).build()).build()) {
 *     Extraction result = pipeline.process(notebookBytes, "repo/path/to.ipynb");
 * }
 * }</pre>
 *
 * <p>A pipeline owns its engines: the browsers of the Chromium-based kinds (one per thread that uses the
 * pipeline, from the pipeline's own pool) and a temporary area where inputs given as bytes are unpacked when
 * their engine needs files (an EPUB, a LaTeX archive). {@link #close()} ends every browser and driver it
 * started and removes the area; nothing waits for the JVM to exit.
 *
 * <p>Thread-safety: every kind may be used from many threads at once. Notebooks and LaTeX share nothing
 * between calls (LaTeX compiles each paper in its own copy); documents with Flying Saucer lay out each
 * chapter in its own renderer; documents with Chromium and web pages give each calling thread its own
 * browser, which that thread keeps until the pipeline closes (a thread that stops using the pipeline leaves
 * its browser open until then).
 */
public final class Pipeline implements AutoCloseable {
    /** The kind's name as the CLI, run.json and Spark spell it: notebooks, documents, latex, web, or a caller's. */
    private final String kind;
    private final Extractor extractor;
    private final InputKind inputKind;
    private final long maxInputBytes;
    private final StageChain chain;
    private final BrowserPool browsers;
    private final Object tempLock = new Object();
    private final ThreadLocal<org.pairforge.source.ReadBuffer> buffers = ThreadLocal.withInitial(org.pairforge.source.ReadBuffer::new);
    private TempFolder temp;
    private volatile boolean closed;

    private Pipeline(Builder b) {
        this.kind = b.kind;
        this.inputKind = b.inputKind;
        this.maxInputBytes = b.maxInputBytes;
        this.browsers = b.needsBrowsers ? new BrowserPool() : null;
        this.extractor = b.extractor.apply(browsers);
        List<Object> stages = new ArrayList<>(b.defaultStages);
        stages.addAll(b.stages);
        this.chain = new StageChain(stages);
    }

    /** Figures of Jupyter notebooks paired with their code; inputs are notebook JSON bytes. */
    public static Builder notebooks(NotebookOptions options) {
        NotebookPairs pairs = new NotebookPairs(options, false); // pure and thread-safe: one serves every pipeline
        Builder b = new Builder("notebooks", InputKind.NOTEBOOKS, options.maxInputBytes(), false, browsers -> pairs);
        for (Filter f : pairs.imageFilters()) { // the rules that decode run after extraction, as stages
            b.defaultStages.add(Stage.of(f));
        }
        return b;
    }

    /** Page images and text of e-books, HTML/XHTML documents and PDFs; inputs are files, folders, or their bytes. */
    public static Builder documents(DocumentOptions options) {
        boolean chromium = options.engine().equals(ChromiumEngine.NAME);
        return new Builder("documents", InputKind.DOCUMENTS, options.maxInputBytes(), chromium, browsers -> {
            HtmlEngine engine = chromium
                    ? new ChromiumEngine(options.renderTimeout(), options.pageSize(), options.pageMargin(),
                            options.javaScript(), options.maxInputBytes(), browsers)
                    : new FlyingSaucerEngine(options.renderTimeout(), options.pageCss(), options.fonts());
            return new DocumentPairs(options, engine);
        });
    }

    /** Compiled pages of LaTeX papers; inputs are project folders, archives, .tex files, or their bytes. */
    public static Builder latex(LatexOptions options) {
        return new Builder("latex", InputKind.LATEX, options.maxInputBytes(), false, browsers -> new LatexPairs(options));
    }

    /** Screenshots of web pages per viewport; inputs are HTML files, or HTML bytes (UTF-8). */
    public static Builder web(WebOptions options) {
        return new Builder("web", InputKind.WEB, options.maxFileBytes(), true, browsers -> new WebPairs(options, browsers));
    }

    /** A capability of the caller's own, run with the same stages and shard core. */
    public static Builder of(String kind, Extractor extractor, InputKind inputKind, long maxInputBytes) {
        return new Builder(kind, inputKind, maxInputBytes, false, browsers -> extractor);
    }

    /** Stages added to the kind's own; immutable once built. */
    public static final class Builder {
        private final String kind;
        private final InputKind inputKind;
        private final long maxInputBytes;
        private final boolean needsBrowsers;
        private final Function<BrowserPool, Extractor> extractor;
        private final List<Object> defaultStages = new ArrayList<>();
        private final List<Object> stages = new ArrayList<>();

        private Builder(String kind, InputKind inputKind, long maxInputBytes, boolean needsBrowsers,
                        Function<BrowserPool, Extractor> extractor) {
            this.kind = kind;
            this.inputKind = inputKind;
            this.maxInputBytes = maxInputBytes;
            this.needsBrowsers = needsBrowsers;
            this.extractor = extractor;
        }

        /** Runs {@code stage} on every sample after the kind's own stages and the stages added before it. */
        public Builder stage(Stage stage) {
            stages.add(java.util.Objects.requireNonNull(stage, "stage"));
            return this;
        }

        /** Runs {@code stage} on each input's samples together. */
        public Builder stage(BatchStage stage) {
            stages.add(java.util.Objects.requireNonNull(stage, "stage"));
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }

        /** The stages a pipeline built now would run, in order: the kind's own, then the ones added. */
        public List<Object> stages() {
            List<Object> all = new ArrayList<>(defaultStages);
            all.addAll(stages);
            return all;
        }

        /** What counts as one input of the kind, before a pipeline is built (to list inputs). */
        public InputKind inputKind() {
            return inputKind;
        }

        /** The largest input the pipeline will accept. */
        public long maxInputBytes() {
            return maxInputBytes;
        }
    }

    public String kind() {
        return kind;
    }

    /**
     * The stages after extraction, in order: the kind's own, then the caller's ({@link Stage} or
     * {@link BatchStage} objects). The caller still owns what it added, and closes what needs closing.
     */
    public List<Object> stages() {
        return chain.stages();
    }

    /** What counts as one input of this kind when folders are walked. */
    public InputKind inputKind() {
        return inputKind;
    }

    /** The largest input accepted ({@code --max-input-mb}). */
    public long maxInputBytes() {
        return maxInputBytes;
    }

    /** Whether {@link #process(SourceRef, byte[], int)} reads a buffer the caller reuses (notebooks). */
    public boolean readsBuffers() {
        return extractor instanceof BufferExtractor;
    }

    /**
     * An input as the run's listing made it (a file, a JSON Lines row, a Spark row): read within
     * {@link #maxInputBytes()}, then processed. An input that cannot be read is an unreadable extraction with its
     * reason (as {@code rejects.jsonl} records it), never an exception.
     */
    public Extraction process(org.pairforge.source.Input input) {
        // Read as the CLI's shard core reads it (into a reused buffer where the extractor takes one): the same
        // input then meets the same parser path, down to its error messages.
        org.pairforge.source.ReadBuffer buffer = readsBuffers() ? buffers.get() : null;
        try {
            if (buffer != null) {
                SourceRef ref = input.loadInto(buffer, maxInputBytes);
                return process(ref, buffer.bytes(), buffer.length());
            }
            return process(input.load(maxInputBytes));
        } catch (UnreadableInputException e) {
            return Extraction.unreadable(new Rejection(input.id(), null, Rejection.Stage.READ, e.reason(), e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            return fault(SourceRef.of(input.id()), e);
        } finally {
            if (buffer != null) {
                buffer.release();
            }
        }
    }


    /** An input given as bytes, named by {@code id} (the identity its sample keys derive from). */
    public Extraction process(byte[] content, String id) {
        return process(new SourceData(SourceRef.of(id), content, null));
    }

    /** A file or folder on disk (an unpacked EPUB, a LaTeX project), named by its path as given. */
    public Extraction process(Path input) {
        SourceRef ref = SourceRef.of(input.toString());
        if (Files.isDirectory(input)) {
            return process(new SourceData(ref, new byte[0], input));
        }
        try {
            if (inputKind.readsFromLocation() && Files.isRegularFile(input)) {
                long size = Files.size(input);
                if (size > maxInputBytes) {
                    return Extraction.unreadable(tooLarge(ref, size));
                }
                return process(new SourceData(ref, new byte[0], input));
            }
            return process(new SourceData(ref, InputFiles.read(input, maxInputBytes), input));
        } catch (UnreadableInputException e) {
            return Extraction.unreadable(Rejection.ofInput(ref, Rejection.Stage.READ, e.reason(), e.getMessage()));
        } catch (IOException e) {
            return Extraction.unreadable(Rejection.ofInput(ref, Rejection.Stage.READ, "unreadable", input + ": " + e));
        }
    }

    /**
     * One input: extraction, then the stages. Never throws for bad input: what cannot be read, rendered or
     * passed is a rejection with a reason, and a fault pairforge did not foresee is an {@code extractor_fault}.
     */
    public Extraction process(SourceData input) {
        return run(input, true);
    }

    /**
     * Extraction and the stages before the first {@link BatchStage}: for a caller that runs the rest over several
     * inputs' samples at once with {@link #applyBatchStages(List)}, so that a batch stage (a self-check's client)
     * sees more than one input's samples. Without batch stages, the same as {@link #process(SourceData)}.
     */
    public Extraction processUpToBatch(SourceData input) {
        return run(input, false);
    }

    /** {@link #process(SourceRef, byte[], int)} up to the first batch stage (see {@link #processUpToBatch(SourceData)}). */
    public Extraction processUpToBatch(SourceRef ref, byte[] buffer, int length) {
        return run(ref, buffer, length, false);
    }

    /** @param staged all the stages; else those before the first batch stage */
    private Extraction run(SourceData input, boolean staged) {
        ensureOpen();
        if (input.content().length > maxInputBytes) {
            return Extraction.unreadable(tooLarge(input.ref(), input.content().length));
        }
        if (!inputKind.readsFromLocation() || onDisk(input.location())) {
            return stages(extractSafely(input), staged);
        }
        // The engine reads files (an EPUB's chapters, a paper's sources): the bytes go to a folder of our own.
        Path dir = null;
        try {
            dir = Files.createTempDirectory(tempRoot(), "input");
            Path file = dir.resolve(fileName(input));
            Files.write(file, input.content());
            return stages(extractSafely(new SourceData(input.ref(), input.content(), file, dir)), staged);
        } catch (IOException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "unreadable",
                    "cannot place the input in the pipeline's temporary folder: " + e));
        } finally {
            if (dir != null) {
                new TempFolder(dir).close();
            }
        }
    }

    /**
     * An input read into {@code buffer[0, length)}, which the caller reuses for the next one (notebooks; see
     * {@link #readsBuffers()}); nothing returned refers to it.
     */
    public Extraction process(SourceRef ref, byte[] buffer, int length) {
        return run(ref, buffer, length, true);
    }

    private Extraction run(SourceRef ref, byte[] buffer, int length, boolean staged) {
        ensureOpen();
        if (!(extractor instanceof BufferExtractor reusing)) {
            return run(new SourceData(ref, java.util.Arrays.copyOf(buffer, length), null), staged);
        }
        Extraction result;
        try {
            result = reusing.extract(ref, buffer, length);
        } catch (RuntimeException | StackOverflowError e) {
            result = fault(ref, e);
        }
        return stages(result, staged);
    }

    private Extraction stages(Extraction e, boolean all) {
        return all ? applyStages(e) : chain.apply(List.of(e), 0, chain.firstBatch()).get(0);
    }

    /** The stages alone, over what an extraction made. */
    public Extraction applyStages(Extraction extraction) {
        return chain.apply(List.of(extraction)).get(0);
    }

    /**
     * The stages from the first {@link BatchStage} on, over several extractions that went through
     * {@link #processUpToBatch} : each batch stage gets all their samples that reach it in one call, in order.
     * Each result holds what became of its own extraction's samples.
     */
    public List<Extraction> applyBatchStages(List<Extraction> extractions) {
        return chain.apply(extractions, chain.firstBatch(), chain.stages().size());
    }

    /** The largest {@link BatchStage#batchSize()} of the stages, or 0 when no stage batches. */
    public int stageBatchSize() {
        return chain.stages().stream().filter(s -> s instanceof BatchStage)
                .mapToInt(s -> Math.max(1, ((BatchStage) s).batchSize())).max().orElse(0);
    }

    private Extraction extractSafely(SourceData input) {
        try {
            return extractor.extract(input);
        } catch (RuntimeException | StackOverflowError e) {
            return fault(input.ref(), e);
        }
    }

    /**
     * An input that trips a fault in pairforge or a library (a bug, not bad data we foresaw) is one rejection
     * with the fault named, not the end of a batch that other inputs are in.
     */
    public static Extraction fault(SourceRef ref, Throwable e) {
        return Extraction.unreadable(Rejection.ofInput(ref, Rejection.Stage.EXTRACT, "extractor_fault",
                "pairforge failed on this input (please report): " + e));
    }

    private Rejection tooLarge(SourceRef ref, long size) {
        UnreadableInputException e = UnreadableInputException.tooLarge(ref.id(), size, maxInputBytes);
        return Rejection.ofInput(ref, Rejection.Stage.READ, e.reason(), e.getMessage());
    }

    private static boolean onDisk(Path location) {
        return location != null && (Files.isRegularFile(location) || Files.isDirectory(location));
    }

    /** The name the engine will see: the id's last part, with the extension the bytes call for when it has none. */
    private String fileName(SourceData input) {
        String id = input.ref().id();
        String last = id.substring(Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\')) + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "input" + safe;
        }
        Path probe = Path.of(safe);
        if (inputKind.isInputFile(probe) || (inputKind == InputKind.LATEX && safe.toLowerCase(Locale.ROOT).endsWith(".tex"))) {
            return safe;
        }
        return safe + sniffExtension(input.content());
    }

    private String sniffExtension(byte[] b) {
        boolean zip = b.length > 3 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        if (inputKind == InputKind.LATEX) {
            if (zip) {
                return ".zip";
            }
            if (b.length > 1 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
                return ".tar.gz";
            }
            if (b.length > 262 && new String(b, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
                return ".tar";
            }
            return ".tex";
        }
        if (zip) {
            return ".epub";
        }
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.ISO_8859_1).stripLeading();
        return head.startsWith("<?xml") ? ".xhtml" : ".html";
    }

    private Path tempRoot() throws IOException {
        synchronized (tempLock) {
            ensureOpen();
            if (temp == null) {
                temp = new TempFolder(Files.createTempDirectory("pairforge-pipeline"));
            }
            return temp.root();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the " + kind + " pipeline is closed");
        }
    }

    /** Ends every browser and driver this pipeline started and removes its temporary area. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (browsers != null) {
            browsers.close();
        }
        synchronized (tempLock) {
            if (temp != null) {
                temp.close();
                temp = null;
            }
        }
    }
}
