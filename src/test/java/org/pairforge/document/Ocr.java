package org.pairforge.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tesseract as a process (Debian's tesseract-ocr), one thread: OMP_THREAD_LIMIT=1 is 7x faster here. */
public final class Ocr {
    private Ocr() {
    }

    public static String read(byte[] png, String languages) throws IOException, InterruptedException {
        return read(png, languages, 3);
    }

    /** @param pageSegmentation Tesseract's --psm: 3 finds the layout itself, 6 reads one uniform block of text */
    public static String read(byte[] png, String languages, int pageSegmentation) throws IOException, InterruptedException {
        Path img = Files.createTempFile("page", ".png");
        try {
            Files.write(img, png);
            ProcessBuilder pb = new ProcessBuilder("tesseract", img.toString(), "-", "-l", languages,
                    "--psm", String.valueOf(pageSegmentation));
            pb.environment().put("OMP_THREAD_LIMIT", "1");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tesseract hung");
            assertEquals(0, p.exitValue(), "tesseract failed");
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(img);
        }
    }

    /** A word as Tesseract found it, in image pixels. */
    public record OcrWord(int x0, int y0, int x1, int y1, String text, double confidence) {
    }

    /** Tesseract's word boxes (its TSV output, level 5 rows). */
    public static java.util.List<OcrWord> words(byte[] png, String languages) throws IOException, InterruptedException {
        Path img = Files.createTempFile("page", ".png");
        try {
            Files.write(img, png);
            ProcessBuilder pb = new ProcessBuilder("tesseract", img.toString(), "-", "-l", languages, "tsv");
            pb.environment().put("OMP_THREAD_LIMIT", "1");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String tsv = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tesseract hung");
            java.util.List<OcrWord> words = new java.util.ArrayList<>();
            for (String line : tsv.split("\n")) {
                String[] f = line.split("\t");
                if (f.length == 12 && f[0].equals("5") && !f[11].isBlank()) {
                    int left = Integer.parseInt(f[6]), top = Integer.parseInt(f[7]);
                    words.add(new OcrWord(left, top, left + Integer.parseInt(f[8]), top + Integer.parseInt(f[9]),
                            f[11].strip(), Double.parseDouble(f[10])));
                }
            }
            return words;
        } finally {
            Files.deleteIfExists(img);
        }
    }

    /** Character error rate: edit distance over the reference length, whitespace removed from both. */
    public static double cer(String reference, String hypothesis) {
        String r = normalize(reference);
        String h = normalize(hypothesis);
        int[] prev = new int[h.length() + 1];
        int[] cur = new int[h.length() + 1];
        for (int j = 0; j <= h.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= r.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= h.length(); j++) {
                int sub = prev[j - 1] + (r.charAt(i - 1) == h.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return r.isEmpty() ? 0 : prev[h.length()] / (double) r.length();
    }

    /**
     * OCR reads typographic quotes, dashes and full-width punctuation inconsistently; compare the characters,
     * not the typography (NFKC folds full-width forms such as ？ and ：).
     */
    private static String normalize(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "")
                .replaceAll("[\u2018\u2019\u201b`]", "'").replaceAll("[\u201c\u201d\u201e]", "\"")
                .replaceAll("[\u2013\u2014]", "-");
    }
}
