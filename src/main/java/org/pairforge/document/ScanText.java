package org.pairforge.document;

import org.pairforge.core.UnreadableInputException;
import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;
import org.pairforge.page.WordBox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scanned page's text as Tesseract reads it (the self-check's embedded reader: Debian's CLI, one process per
 * page, {@code OMP_THREAD_LIMIT=1}, killed past its time), with Tesseract's own layout analysis: words with their
 * boxes in the page image's pixels, grouped into its paragraphs. For {@code --ocr-scanned}.
 */
final class ScanText {
    private ScanText() {
    }

    /** The words in reading order, and each paragraph as indices into them. */
    record Result(String text, List<LaidWord> words, List<List<Integer>> paragraphs) {
    }

    /**
     * @param lang Tesseract languages ({@code --ocr-lang}: {@code eng}, {@code chi_sim}, {@code eng+chi_sim})
     * @throws UnreadableInputException {@code ocr_failed}: Tesseract missing, failing or past the time limit
     */
    static Result read(byte[] png, String lang, Duration limit) throws UnreadableInputException {
        ProcessBuilder pb = new ProcessBuilder("tesseract", "stdin", "stdout", "-l", lang, "--psm", "3", "tsv");
        pb.environment().put("OMP_THREAD_LIMIT", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UnreadableInputException("ocr_failed", "tesseract did not start (bin/setup installs it): " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(png);
            } catch (IOException ignored) {
                // tesseract stopped reading: its exit status says why
            }
            if (!p.waitFor(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new UnreadableInputException("ocr_failed", "tesseract took longer than what was left of --render-timeout");
            }
            if (p.exitValue() != 0) {
                String why = new String(err.join(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
                throw new UnreadableInputException("ocr_failed", "tesseract -l " + lang + " exited with " + p.exitValue()
                        + ": " + (why.length() > 300 ? why.substring(0, 300) : why));
            }
            return parse(new String(out.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UnreadableInputException("ocr_failed", "interrupted");
        }
    }

    /** Tesseract's TSV: level 5 rows are words, with their block, paragraph and line numbers and box. */
    static Result parse(String tsv) {
        List<LaidWord> words = new ArrayList<>();
        Map<String, List<Integer>> paragraphs = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        String lastLine = null, lastParagraph = null;
        for (String row : tsv.split("\n")) {
            String[] f = row.split("\t", -1);
            if (f.length < 12 || !f[0].equals("5")) {
                continue;
            }
            String word = f[11].strip();
            if (word.isEmpty()) {
                continue;
            }
            int x = Integer.parseInt(f[6]), y = Integer.parseInt(f[7]), w = Integer.parseInt(f[8]), h = Integer.parseInt(f[9]);
            String paragraph = f[2] + "/" + f[3];
            String line = paragraph + "/" + f[4];
            if (lastLine != null) {
                text.append(line.equals(lastLine) ? " " : paragraph.equals(lastParagraph) ? "\n" : "\n\n");
            }
            text.append(word);
            lastLine = line;
            lastParagraph = paragraph;
            WordBox box = new WordBox(x, y, x + w, y + h, word);
            words.add(new LaidWord(box, List.of(new LaidGlyph(word, x, y, x + w, y + h, y + h, null, -1))));
            paragraphs.computeIfAbsent(paragraph, k -> new ArrayList<>()).add(words.size() - 1);
        }
        return new Result(text.toString(), words, new ArrayList<>(paragraphs.values()));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
