package org.pairforge.check.internal;

import org.pairforge.core.internal.Daemons;
import org.pairforge.core.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Tesseract CLI, one process per image, the image on stdin and the text on stdout. With
 * {@code OMP_THREAD_LIMIT=1} (Tesseract's OpenMP threads only fight each other when several processes run at
 * once); at most {@code parallel} processes at a time, each killed past the time limit.
 */
public final class TesseractReader implements Reader {
    private final String version;
    private final Duration timeLimit;
    private final Semaphore slots;
    private final ExecutorService pool;

    /** @param slots shared with another reader when both run in one self-check: together they keep to the cores */
    public TesseractReader(Semaphore slots, Duration timeLimit) {
        this.version = version();
        this.timeLimit = timeLimit;
        this.slots = slots;
        this.pool = Executors.newCachedThreadPool(Daemons.named("pairforge-tesseract"));
    }

    /** @throws UsageException when there is no working {@code tesseract} on the PATH */
    private static String version() {
        try {
            Process p = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new UsageException("'tesseract --version' failed; the default checker needs Tesseract (bin/setup installs it), or pass --model-url");
            }
            return out.lines().findFirst().orElse("tesseract").strip();
        } catch (IOException e) {
            throw new UsageException("no 'tesseract' on the PATH; the default checker needs it (bin/setup installs it), or pass --model-url");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while starting tesseract");
        }
    }

    @Override
    public String checker() {
        return "tesseract";
    }

    @Override
    public String model() {
        return version;
    }

    /**
     * Page segmentation by kind: a figure's text is sparse and scattered (11), and so is a screen's: labels,
     * buttons, cards and cells, white on colour as often as not, which layout analysis (3) skips or merges (a
     * screen's score does not depend on reading order); an e-book page is one block of text (6: layout analysis
     * splits CJK lines at wide punctuation and reads the pieces out of order); papers in columns and
     * multi-column documents need the layout analysed (3).
     */
    static int psm(String kind, int columns) {
        return switch (kind) {
            case "notebook-figure", "web-page" -> 11;
            case "document-page" -> columns > 1 ? 3 : 6;
            default -> 3;
        };
    }

    @Override
    public CompletableFuture<Reading> read(Request r) throws InterruptedException {
        return Reader.onPool(slots, pool, () -> run(r), () -> failed(r, "the reader is closed", 0));
    }

    private Reading run(Request r) {
        String lang = r.lang() == null ? "eng" : r.lang();
        int psm = psm(r.kind(), r.columns());
        boolean figure = r.kind().equals("notebook-figure");
        String promptId = "tesseract:" + lang + ":psm" + psm + (figure ? ":conf" + FIGURE_MIN_CONFIDENCE : "");
        long started = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of("tesseract", "stdin", "stdout", "-l", lang, "--psm", String.valueOf(psm)));
        if (figure) {
            cmd.add("tsv");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("OMP_THREAD_LIMIT", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return failed(r, promptId, "tesseract did not start: " + e, started);
        }
        try {
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), pool);
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(r.image());
                } catch (IOException ignored) {
                    // tesseract stopped reading (it failed on the image): its exit status says why
                }
            }, pool);
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), pool);
            if (!p.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return failed(r, promptId, "tesseract took longer than --request-timeout " + timeLimit.toSeconds() + "s", started);
            }
            feed.join();
            String text = new String(out.join(), StandardCharsets.UTF_8);
            if (figure) {
                text = confidentWords(text);
            }
            if (p.exitValue() != 0) {
                String why = new String(err.join(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
                return failed(r, promptId, "tesseract exited with " + p.exitValue() + ": "
                        + (why.length() > 300 ? why.substring(0, 300) : why), started);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            return new Reading(text, null, promptId, null, null, null, 1, Map.of(), new long[]{ms});
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return failed(r, promptId, "interrupted", started);
        }
    }

    /**
     * Words a figure's sparse-text reading is at least this sure of. Charts are mostly lines and marks, which
     * Tesseract reads as short junk words ("gly", "Hh") at confidences under 65; the real title and labels come
     * out at 90 and more.
     */
    static final int FIGURE_MIN_CONFIDENCE = 70;

    /** Tesseract's TSV as text: the words of at least {@link #FIGURE_MIN_CONFIDENCE}, a line per text line. */
    static String confidentWords(String tsv) {
        StringBuilder out = new StringBuilder();
        String lineId = null;
        for (String row : tsv.split("\n")) {
            String[] f = row.split("\t", -1);
            if (f.length < 12 || !"5".equals(f[0])) { // level 5: a word
                continue;
            }
            double conf;
            try {
                conf = Double.parseDouble(f[10]);
            } catch (NumberFormatException e) {
                continue;
            }
            String word = f[11].strip();
            if (conf < FIGURE_MIN_CONFIDENCE || word.isEmpty()) {
                continue;
            }
            String id = f[2] + "/" + f[3] + "/" + f[4];
            if (lineId != null) {
                out.append(id.equals(lineId) ? ' ' : '\n');
            }
            out.append(word);
            lineId = id;
        }
        return out.toString();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static Reading failed(Request r, String error, long started) {
        return failed(r, "tesseract", error, started);
    }

    private static Reading failed(Request r, String promptId, String error, long started) {
        long[] latency = started == 0 ? new long[0] : new long[]{(System.nanoTime() - started) / 1_000_000};
        return new Reading(null, error, promptId, null, null, null, 1, Map.of(), latency);
    }

    /** eng, chi_sim, or both, from the scripts of the pair's own text. */
    public static String language(String text) {
        int han = 0, latin = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s == Character.UnicodeScript.HAN) {
                han++;
            } else if (s == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        if (han == 0) {
            return "eng";
        }
        return latin * 20 < han ? "chi_sim" : "chi_sim+eng";
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

}
