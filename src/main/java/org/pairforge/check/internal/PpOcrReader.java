package org.pairforge.check.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.pairforge.core.internal.Daemons;
import org.pairforge.core.UsageException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * PaddleOCR's PP-OCRv4 (detection, then recognition) run by ONNX Runtime in this JVM: far better than Tesseract's
 * {@code chi_sim} on rendered Chinese pages. The pre- and post-processing follow PaddleOCR's own
 * ({@code DetResizeForTest}, {@code DBPostProcess}, {@code resize_norm_img}, CTC greedy decoding), with one
 * simplification: a text region's box is its connected component's bounding rectangle, not a rotated rectangle,
 * since rendered pages and screens are upright.
 *
 * <p>Each page runs on one thread (one intra-op thread a session call), at most {@code parallel} at a time, like
 * Tesseract's processes; a call past the time limit is terminated by ONNX Runtime.
 */
public final class PpOcrReader implements Reader {
    private static final String MODELS = "models/";
    private static final String DET = "ch_PP-OCRv4_det_infer.onnx";
    private static final String REC = "ch_PP-OCRv4_rec_infer.onnx";
    private static final String KEYS = "ppocr_keys_v1.txt";

    // PaddleOCR's defaults for PP-OCRv4 (tools/infer/utility.py; RapidOCR's config.yaml has the same thresholds).
    /**
     * Detection sees an image at most this large on its longer side (PaddleOCR's {@code det_limit_side_len 960,
     * det_limit_type max}). On our Chinese pages it also read best: CER 0.009, against 0.018 at full size.
     */
    private static final int DET_MAX_SIDE = 960;
    /** A smaller image is enlarged until its shorter side is this (RapidOCR's {@code limit_type min}), within the above. */
    private static final int DET_LIMIT_MIN_SIDE = 736;
    private static final float DET_THRESH = 0.3f;
    private static final float BOX_THRESH = 0.5f;
    private static final double UNCLIP_RATIO = 1.6;
    private static final int MIN_BOX_SIDE = 3;
    private static final int MAX_BOXES = 1000;
    private static final int REC_HEIGHT = 48;
    private static final int REC_MIN_WIDTH = 320;
    /** A text line is at most this wide in the recognizer's input (PaddleOCR crops wider ones the same way). */
    private static final int REC_MAX_WIDTH = 3200;
    private static final int REC_BATCH = 6;
    private static final float TEXT_SCORE = 0.5f;
    private static final float[] DET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] DET_STD = {0.229f, 0.224f, 0.225f};

    static final String PROMPT_ID = "ppocr:v4:det" + DET_MAX_SIDE;

    private final Duration timeLimit;
    private final Semaphore slots;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    /** Calls under way, terminated by {@link #close()} before the sessions they use are freed. */
    private final java.util.Set<OrtSession.RunOptions> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private OrtEnvironment env;
    private OrtSession det;
    private OrtSession rec;
    private String[] characters;
    private String loadError;
    private boolean closed;

    /**
     * A reader that loads its models when first used (or on {@link #load()}), so that a run whose samples never
     * need it does not pay for them.
     *
     * @param slots shared with another reader when both run in one self-check: together they keep to the cores
     */
    public PpOcrReader(Semaphore slots, Duration timeLimit) {
        this.timeLimit = timeLimit;
        this.slots = slots;
        this.pool = Executors.newCachedThreadPool(Daemons.named("pairforge-ppocr"));
        this.timer = Executors.newSingleThreadScheduledExecutor(Daemons.named("pairforge-ppocr-timer"));
    }

    /**
     * Loads ONNX Runtime and the models now.
     *
     * @throws UsageException when ONNX Runtime's native library does not load here or the models are missing
     */
    public void load() {
        String error = ensureLoaded();
        if (error != null) {
            throw new UsageException("--checker ppocr: " + error + "; use --checker tesseract");
        }
    }

    /** null when loaded, else why not (the same answer every time: a failed load is not tried again). */
    private synchronized String ensureLoaded() {
        if (closed) {
            return "the reader is closed";
        }
        if (det != null || loadError != null) {
            return loadError;
        }
        try {
            env = OrtEnvironment.getEnvironment();
            characters = characters();
            det = env.createSession(resource(DET), options());
            rec = env.createSession(resource(REC), options());
        } catch (OrtException | IOException | LinkageError | RuntimeException e) {
            loadError = "ONNX Runtime could not load PP-OCRv4 here (" + e + ")";
        }
        return loadError;
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return o;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PpOcrReader.class.getClassLoader().getResourceAsStream(MODELS + name)) {
            if (in == null) {
                throw new IOException("model " + MODELS + name + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    /** The recognizer's classes: CTC blank, the dictionary's characters, then a space. */
    private static String[] characters() throws IOException {
        List<String> keys = new String(resource(KEYS), StandardCharsets.UTF_8).lines().toList();
        String[] c = new String[keys.size() + 2];
        c[0] = "";
        for (int i = 0; i < keys.size(); i++) {
            c[i + 1] = keys.get(i);
        }
        c[c.length - 1] = " ";
        return c;
    }

    @Override
    public String checker() {
        return "ppocr";
    }

    @Override
    public String model() {
        return "PP-OCRv4";
    }

    @Override
    public CompletableFuture<Reading> read(Request r) throws InterruptedException {
        return Reader.onPool(slots, pool, () -> run(r), () -> failed("the reader is closed", 0));
    }

    private Reading run(Request r) {
        long started = System.nanoTime();
        String unloaded = ensureLoaded();
        if (unloaded != null) {
            return failed(unloaded, started);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(r.image()));
        } catch (IOException | RuntimeException e) {
            return failed("the image does not decode: " + e.getMessage(), started);
        }
        if (image == null) {
            return failed("the image does not decode", started);
        }
        try (OrtSession.RunOptions run = new OrtSession.RunOptions()) {
            running.add(run);
            ScheduledFuture<?> stop = timer.schedule(() -> {
                try {
                    run.setTerminate(true);
                } catch (OrtException ignored) {
                    // the call has ended and closed its options
                }
            }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
            try {
                String text = read(image, run);
                long ms = (System.nanoTime() - started) / 1_000_000;
                return new Reading(text, null, PROMPT_ID, null, null, null, 1, Map.of(), new long[]{ms});
            } finally {
                stop.cancel(false);
                running.remove(run);
            }
        } catch (OrtException e) {
            boolean late = System.nanoTime() - started >= timeLimit.toNanos();
            return failed(late ? "PP-OCR took longer than --request-timeout " + timeLimit.toSeconds() + "s"
                    : "PP-OCR failed: " + e.getMessage(), started);
        }
    }

    /** The page's text lines in reading order, a line per row of boxes. */
    String read(BufferedImage image, OrtSession.RunOptions run) throws OrtException {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        List<Box> boxes = detect(rgb, w, h, run);
        List<String> texts = recognize(rgb, w, h, boxes, run);
        StringBuilder out = new StringBuilder();
        Box previous = null;
        for (int i = 0; i < boxes.size(); i++) {
            String t = texts.get(i);
            if (t == null) {
                continue;
            }
            Box b = boxes.get(i);
            if (previous != null) {
                out.append(sameRow(previous, b) ? ' ' : '\n');
            }
            out.append(t);
            previous = b;
        }
        return out.toString();
    }

    record Box(int x0, int y0, int x1, int y1) {
        int width() {
            return x1 - x0;
        }

        int height() {
            return y1 - y0;
        }
    }

    private static boolean sameRow(Box a, Box b) {
        return Math.abs(a.y0 - b.y0) < 10 && b.x0 >= a.x0;
    }

    /** DB text detection: boxes of text regions in the image's own pixels, in reading order. */
    private List<Box> detect(int[] rgb, int w, int h, OrtSession.RunOptions run) throws OrtException {
        double ratio = Math.min(w, h) < DET_LIMIT_MIN_SIDE ? (double) DET_LIMIT_MIN_SIDE / Math.min(w, h) : 1.0;
        if (Math.max(w, h) * ratio > DET_MAX_SIDE) {
            ratio = (double) DET_MAX_SIDE / Math.max(w, h);
        }
        int dw = Math.max(32, (int) Math.round(w * ratio / 32) * 32);
        int dh = Math.max(32, (int) Math.round(h * ratio / 32) * 32);
        float[] input = new float[3 * dw * dh];
        int plane = dw * dh;
        for (int y = 0; y < dh; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / dh));
            for (int x = 0; x < dw; x++) {
                int sx = Math.min(w - 1, (int) ((x + 0.5) * w / dw));
                int p = rgb[sy * w + sx];
                int i = y * dw + x;
                // PaddleOCR reads images as BGR and normalizes the channels in that order.
                input[i] = (((p & 0xff) / 255f) - DET_MEAN[0]) / DET_STD[0];
                input[plane + i] = ((((p >> 8) & 0xff) / 255f) - DET_MEAN[1]) / DET_STD[1];
                input[2 * plane + i] = ((((p >> 16) & 0xff) / 255f) - DET_MEAN[2]) / DET_STD[2];
            }
        }
        float[] prob;
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[]{1, 3, dh, dw});
             OrtSession.Result out = det.run(Map.of("x", x), run)) {
            prob = ((OnnxTensor) out.get(0)).getFloatBuffer().array();
        }
        List<Box> boxes = boxes(prob, dw, dh, w, h);
        boxes.sort(Comparator.comparingInt(Box::y0).thenComparingInt(Box::x0));
        // PaddleOCR's sorted_boxes: boxes within 10 px of each other's top are one row, read left to right.
        for (int i = 0; i < boxes.size() - 1; i++) {
            for (int j = i; j >= 0; j--) {
                Box a = boxes.get(j);
                Box b = boxes.get(j + 1);
                if (Math.abs(b.y0 - a.y0) < 10 && b.x0 < a.x0) {
                    boxes.set(j, b);
                    boxes.set(j + 1, a);
                } else {
                    break;
                }
            }
        }
        return boxes;
    }

    /**
     * The probability map's regions over the threshold (dilated by 2×2, 8-connected), each kept when its mean
     * probability reaches the box threshold, grown by PaddleOCR's unclip distance and scaled to the image.
     */
    static List<Box> boxes(float[] prob, int dw, int dh, int w, int h) {
        int n = dw * dh;
        boolean[] on = new boolean[n];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                // dilation with a 2x2 kernel anchored at its centre: a pixel is on if it or its left/up/up-left is
                int i = y * dw + x;
                on[i] = prob[i] > DET_THRESH
                        || (x > 0 && prob[i - 1] > DET_THRESH)
                        || (y > 0 && prob[i - dw] > DET_THRESH)
                        || (x > 0 && y > 0 && prob[i - dw - 1] > DET_THRESH);
            }
        }
        int[] label = new int[n];
        int[] stack = new int[n];
        List<Box> boxes = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < n && boxes.size() < MAX_BOXES; start++) {
            if (!on[start] || label[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            while (top > 0) {
                int i = stack[--top];
                int x = i % dw;
                int y = i / dw;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= dh) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= dw) {
                            continue;
                        }
                        int j = ny * dw + nx;
                        if (on[j] && label[j] == 0) {
                            label[j] = next;
                            stack[top++] = j;
                        }
                    }
                }
            }
            int bw = x1 - x0 + 1;
            int bh = y1 - y0 + 1;
            if (Math.min(bw, bh) < MIN_BOX_SIDE) {
                continue;
            }
            double sum = 0;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    sum += prob[y * dw + x];
                }
            }
            if (sum / ((double) bw * bh) < BOX_THRESH) {
                continue;
            }
            double d = bw * (double) bh * UNCLIP_RATIO / (2.0 * (bw + bh));
            double ux0 = x0 - d, uy0 = y0 - d, ux1 = x1 + 1 + d, uy1 = y1 + 1 + d;
            if (Math.min(ux1 - ux0, uy1 - uy0) < MIN_BOX_SIDE + 2) {
                continue;
            }
            double sx = (double) w / dw;
            double sy = (double) h / dh;
            int bx0 = clamp((int) Math.round(ux0 * sx), w);
            int bx1 = clamp((int) Math.round(ux1 * sx), w);
            int by0 = clamp((int) Math.round(uy0 * sy), h);
            int by1 = clamp((int) Math.round(uy1 * sy), h);
            if (bx1 - bx0 >= 2 && by1 - by0 >= 2) {
                boxes.add(new Box(bx0, by0, bx1, by1));
            }
        }
        return boxes;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Each box's text (null when the recognizer is not sure of it), batched by width as PaddleOCR does. */
    private List<String> recognize(int[] rgb, int w, int h, List<Box> boxes, OrtSession.RunOptions run) throws OrtException {
        List<String> texts = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            texts.add(null);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> aspect(boxes.get(i))));
        for (int from = 0; from < order.size(); from += REC_BATCH) {
            List<Integer> batch = order.subList(from, Math.min(order.size(), from + REC_BATCH));
            double maxRatio = (double) REC_MIN_WIDTH / REC_HEIGHT;
            for (int i : batch) {
                maxRatio = Math.max(maxRatio, aspect(boxes.get(i)));
            }
            int width = Math.min(REC_MAX_WIDTH, (int) (REC_HEIGHT * maxRatio));
            int plane = REC_HEIGHT * width;
            float[] input = new float[batch.size() * 3 * plane];
            for (int b = 0; b < batch.size(); b++) {
                crop(rgb, w, boxes.get(batch.get(b)), input, b * 3 * plane, width);
            }
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                    new long[]{batch.size(), 3, REC_HEIGHT, width});
                 OrtSession.Result out = rec.run(Map.of("x", x), run)) {
                OnnxTensor t = (OnnxTensor) out.get(0);
                long[] shape = t.getInfo().getShape();
                int steps = (int) shape[1];
                int classes = (int) shape[2];
                float[] p = t.getFloatBuffer().array();
                for (int b = 0; b < batch.size(); b++) {
                    texts.set(batch.get(b), decode(p, b * steps * classes, steps, classes));
                }
            }
        }
        return texts;
    }

    /** Width over height of a box as the recognizer sees it (a tall box is turned a quarter, as PaddleOCR does). */
    private static double aspect(Box b) {
        return tall(b) ? (double) b.height() / b.width() : (double) b.width() / b.height();
    }

    private static boolean tall(Box b) {
        return b.height() >= 1.5 * b.width();
    }

    /** The box scaled to the recognizer's height (bilinear), normalized to [-1, 1], padded with zeros on the right. */
    private static void crop(int[] rgb, int w, Box box, float[] out, int offset, int width) {
        boolean tall = tall(box);
        int bw = tall ? box.height() : box.width();
        int bh = tall ? box.width() : box.height();
        int resized = Math.min(width, (int) Math.ceil(REC_HEIGHT * (double) bw / bh));
        int plane = REC_HEIGHT * width;
        for (int y = 0; y < REC_HEIGHT; y++) {
            double fy = Math.max(0, (y + 0.5) * bh / REC_HEIGHT - 0.5);
            int y0 = Math.min(bh - 1, (int) fy);
            int y1 = Math.min(bh - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < resized; x++) {
                double fx = Math.max(0, (x + 0.5) * bw / resized - 0.5);
                int x0 = Math.min(bw - 1, (int) fx);
                int x1 = Math.min(bw - 1, x0 + 1);
                double wx = fx - x0;
                int p00 = pixel(rgb, w, box, tall, x0, y0);
                int p01 = pixel(rgb, w, box, tall, x1, y0);
                int p10 = pixel(rgb, w, box, tall, x0, y1);
                int p11 = pixel(rgb, w, box, tall, x1, y1);
                int i = offset + y * width + x;
                for (int c = 0; c < 3; c++) {
                    int shift = 8 * c; // blue, green, red: PaddleOCR's BGR order
                    double v = (1 - wy) * ((1 - wx) * ((p00 >> shift) & 0xff) + wx * ((p01 >> shift) & 0xff))
                            + wy * ((1 - wx) * ((p10 >> shift) & 0xff) + wx * ((p11 >> shift) & 0xff));
                    out[i + c * plane] = (float) (v / 255.0 - 0.5) / 0.5f;
                }
            }
        }
    }

    /** The crop's pixel at (x, y); a tall crop is read turned 90° counter-clockwise (PaddleOCR's np.rot90). */
    private static int pixel(int[] rgb, int w, Box box, boolean tall, int x, int y) {
        if (!tall) {
            return rgb[(box.y0 + y) * w + box.x0 + x];
        }
        return rgb[(box.y0 + x) * w + box.x1 - 1 - y];
    }

    /** CTC greedy decoding: the best class per step, repeats merged, blanks dropped; null under the text score. */
    private String decode(float[] p, int offset, int steps, int classes) {
        StringBuilder text = new StringBuilder();
        double confidence = 0;
        int kept = 0;
        int last = -1;
        for (int s = 0; s < steps; s++) {
            int base = offset + s * classes;
            int best = 0;
            float bestP = p[base];
            for (int c = 1; c < classes; c++) {
                if (p[base + c] > bestP) {
                    bestP = p[base + c];
                    best = c;
                }
            }
            if (best != 0 && best != last && best < characters.length) {
                text.append(characters[best]);
                confidence += bestP;
                kept++;
            }
            last = best;
        }
        if (kept == 0 || confidence / kept < TEXT_SCORE) {
            return null;
        }
        String t = text.toString().strip();
        return t.isEmpty() ? null : t;
    }

    private static Reading failed(String error, long started) {
        long[] latency = started == 0 ? new long[0] : new long[]{(System.nanoTime() - started) / 1_000_000};
        return new Reading(null, error, PROMPT_ID, null, null, null, 1, Map.of(), latency);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        pool.shutdown();
        for (OrtSession.RunOptions run : running) {
            try {
                run.setTerminate(true);
            } catch (OrtException | IllegalStateException ignored) {
                // that call has just ended
            }
        }
        try {
            // a session freed under a call still running in it would crash the JVM: wait for the calls to stop
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            timer.shutdownNow();
        }
        synchronized (this) {
            try {
                if (det != null) {
                    det.close();
                }
                if (rec != null) {
                    rec.close();
                }
            } catch (OrtException ignored) {
                // freeing native memory failed: nothing else to do at close
            }
        }
    }
}
