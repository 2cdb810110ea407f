package org.pairforge.notebook;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.UnreadableInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast parser against Jackson, the reference: on every input, either it leaves the notebook to Jackson or
 * it reads exactly what Jackson reads; it never accepts what Jackson rejects.
 */
class FastJsonTest {
    private static final int MAX_DEPTH = 64;
    private final NotebookParser parser = new NotebookParser(MAX_DEPTH, 256L << 20);

    /** Everything the reader keeps, with figures' bytes by content and deferred base64 by position. */
    private static String canonical(Notebook nb) {
        StringBuilder sb = new StringBuilder(nb.nbformat() + "|" + nb.language() + "|" + nb.kernelName());
        for (Notebook.Cell c : nb.cells()) {
            sb.append("\ncell ").append(c.index()).append('|').append(c.type()).append('|').append(c.language())
                    .append('|').append(c.executionCount()).append('|').append(c.source());
            for (Notebook.Figure f : c.figures()) {
                sb.append("\n  figure ").append(f.outputIndex()).append('|').append(f.mediaType()).append('|')
                        .append(f.bytes() == null ? "-" : Arrays.hashCode(f.bytes()) + ":" + f.bytes().length).append('|')
                        .append(f.base64() == null ? "-" : f.base64().quote()).append('|').append(f.svg()).append('|')
                        .append(f.problem());
            }
        }
        return sb.toString();
    }

    private enum Outcome { SAME, FAST_REFUSED, BOTH_UNREADABLE }

    /** Fails if the fast path read the input differently from Jackson or accepted what Jackson rejects. */
    private Outcome compare(byte[] json, String what) {
        String jackson;
        String jacksonError = null;
        try {
            jackson = canonical(parser.parseWithJackson(json));
        } catch (UnreadableInputException e) {
            jackson = null;
            jacksonError = e.reason();
        }
        String fast;
        try {
            fast = canonical(parser.parseFast(json));
        } catch (FastJson.Refused | UnreadableInputException e) {
            fast = null;
        } catch (Exception e) {
            throw new AssertionError(what + ": the fast path failed with " + e, e);
        }
        // The combined parse is what the pipeline calls: it must always give Jackson's answer.
        try {
            String combined = canonical(parser.parse(json));
            assertEquals(jackson, combined, what);
        } catch (UnreadableInputException e) {
            assertEquals(jacksonError, e.reason(), what);
        }
        if (fast == null) {
            return jackson == null ? Outcome.BOTH_UNREADABLE : Outcome.FAST_REFUSED;
        }
        if (jackson == null) {
            fail(what + ": the fast path accepted what Jackson rejects as " + jacksonError);
        }
        assertEquals(jackson, fast, what);
        return Outcome.SAME;
    }

    private static List<Path> notebooks(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void realNotebooksAreReadByTheFastPathExactlyAsByJackson() throws Exception {
        List<Path> files = new ArrayList<>(notebooks(TestData.corpus("notebooks")));
        files.addAll(notebooks(TestData.fixtures("notebooks/kernels")));
        files.addAll(notebooks(TestData.fixtures("notebooks/real")));
        for (Path f : files) {
            // Real notebooks must not be left to Jackson: that would make the fast path dead code.
            assertEquals(Outcome.SAME, compare(Files.readAllBytes(f), f.toString()), f.toString());
        }
        assertTrue(files.size() >= 45, "inputs: " + files.size());
    }

    @Test
    void theBadInputCorpusIsNeverAcceptedWhereJacksonRejectsIt() throws Exception {
        for (Path f : notebooks(TestData.fixtures("notebooks/bad"))) {
            compare(Files.readAllBytes(f), f.toString());
        }
    }

    @Test
    void jsonJacksonRejectsIsNeverAccepted() {
        String[] rejected = {
                "{\"cells\": [], }", "{\"cells\": [1,]}", "{\"cells\": [01]}", "{\"cells\": [-]}", "{\"cells\": [1.]}",
                "{\"cells\": [1e]}", "{\"cells\": [.5]}", "{\"cells\": [tru]}", "{\"cells\": [truex]}", "{\"cells\": [NaN]}",
                "{\"cells\": [\"a\tb\"]}", "{\"cells\": [\"\\x\"]}", "{\"cells\": [\"\\u12G4\"]}", "{'cells': []}",
                "{\"cells\": [] /* c */}", "{\"cells\" []}", "{\"cells\": []", "{\"cells\": [\"abc", "{\"cells\": [}",
                "{\"cells\": [{\"source\": \"x\" \"y\"}]}", "{\"cells\": [{\"a\": 1}}]}", "{\"cells\": [], \"nbformat\": 4 4}",
        };
        for (String json : rejected) {
            assertEquals(Outcome.BOTH_UNREADABLE, compare(json.getBytes(StandardCharsets.UTF_8), json), json);
        }
        byte[][] badUtf8 = {{(byte) 0xc3}, {(byte) 0xc3, 'a'}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xe2, (byte) 0x82, 'a'},
                {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, 'a'}, {(byte) 0xf0, (byte) 0x9f, 'a', 'a'}, {(byte) 0xff}, {(byte) 0x80},
                {(byte) 0xc0, (byte) 0x80}, {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        for (byte[] bad : badUtf8) {
            // In a string that is only skipped, and in one that is read.
            for (String field : new String[]{"\"metadata\": {\"x\": \"", "\"cells\": [{\"cell_type\": \"code\", \"source\": \""}) {
                byte[] head = ("{" + field).getBytes(StandardCharsets.UTF_8);
                byte[] tail = field.startsWith("\"metadata") ? "\"}, \"cells\": []}".getBytes(StandardCharsets.UTF_8)
                        : "\"}]}".getBytes(StandardCharsets.UTF_8);
                byte[] json = new byte[head.length + bad.length + tail.length];
                System.arraycopy(head, 0, json, 0, head.length);
                System.arraycopy(bad, 0, json, head.length, bad.length);
                System.arraycopy(tail, 0, json, head.length + bad.length, tail.length);
                Outcome o = compare(json, "invalid UTF-8 " + Arrays.toString(bad) + " in " + field);
                assertTrue(o != Outcome.SAME, "invalid UTF-8 is not read as text: " + Arrays.toString(bad));
            }
        }
    }

    @Test
    void validOdditiesReadTheSameEitherWay() {
        String nested = "[".repeat(MAX_DEPTH - 2) + "]".repeat(MAX_DEPTH - 2);
        String[] valid = {
                "{\"cells\": []}", " \n\t{\"cells\":[]}  trailing text Jackson never reads",
                "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\\\\b\\\"c\\/\\u00e9\\ud83d\\ude00 \\b\\f\\r\\t\", \"é😀\"],"
                        + " \"execution_count\": -12, \"outputs\": []}], \"nbformat\": 4}",
                "{\"cells\": [{\"cell_type\": {\"odd\": [1, 2.5e-3, true, null]}, \"execution_count\": 1.5}]}",
                "{\"cells\": [{\"cell_type\": 7, \"execution_count\": 12345678901}]}",
                "{\"metadata\": {\"kernelspec\": {\"language\": \"R\", \"name\": \"ir\"}, \"deep\": " + nested + "}, \"cells\": []}",
                "{\"metadata\": {\"deep\": [[" + nested + "]]}, \"cells\": []}",
                "\uFEFF{\"cells\": []}",
                "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"x\", \"outputs\": [{\"data\": {\"image/png\": 5}},"
                        + " {\"data\": {\"image/png\": [\"iVBO\", \"Rw==\"]}}, {\"png\": \"AAAA\"}, {\"data\": {\"image/svg+xml\": [\"<svg/>\"]}}]}]}",
        };
        for (String json : valid) {
            compare(json.getBytes(StandardCharsets.UTF_8), json);
        }
        assertEquals(Outcome.SAME, compare(valid[2].getBytes(StandardCharsets.UTF_8), valid[2]), "escapes and UTF-8");
    }

    @Test
    void damagedNotebooksAreNeverReadDifferently() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (Path f : notebooks(TestData.fixtures("notebooks/kernels"))) {
            seeds.add(Files.readAllBytes(f));
        }
        seeds.add(Files.readAllBytes(TestData.corpus("notebooks").resolve("03.00-Introduction-to-Pandas.ipynb")));
        byte[] palette = "{}[]\":,\\ \n\t0123456789-+.eEtrufalsn/u\"\"\u0001".getBytes(StandardCharsets.ISO_8859_1);
        Random r = new Random(20261201);
        int[] outcomes = new int[Outcome.values().length];
        for (int n = 0; n < 20000; n++) {
            byte[] json = seeds.get(r.nextInt(seeds.size()));
            int edits = 1 + r.nextInt(3);
            StringBuilder what = new StringBuilder("mutant " + n + ":");
            for (int k = 0; k < edits && json.length > 2; k++) {
                int at = r.nextInt(json.length);
                if (r.nextBoolean()) { // aim at structure rather than inside long strings
                    for (int tries = 0; tries < 64 && Character.isLetterOrDigit(json[at]); tries++) {
                        at = r.nextInt(json.length);
                    }
                }
                byte with = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : palette[r.nextInt(palette.length)];
                switch (r.nextInt(4)) {
                    case 0 -> {
                        json = json.clone();
                        json[at] = with;
                        what.append(" set ").append(at).append('=').append(with);
                    }
                    case 1 -> {
                        byte[] shorter = new byte[json.length - 1];
                        System.arraycopy(json, 0, shorter, 0, at);
                        System.arraycopy(json, at + 1, shorter, at, json.length - at - 1);
                        json = shorter;
                        what.append(" delete ").append(at);
                    }
                    case 2 -> {
                        byte[] longer = new byte[json.length + 1];
                        System.arraycopy(json, 0, longer, 0, at);
                        longer[at] = with;
                        System.arraycopy(json, at, longer, at + 1, json.length - at);
                        json = longer;
                        what.append(" insert ").append(at).append('=').append(with);
                    }
                    default -> {
                        json = Arrays.copyOf(json, at);
                        what.append(" truncate ").append(at);
                    }
                }
            }
            outcomes[compare(json, what.toString()).ordinal()]++;
        }
        // The damage must exercise both sides: inputs read the same, and inputs left to Jackson or rejected.
        
        assertTrue(outcomes[Outcome.SAME.ordinal()] > 4000, Arrays.toString(outcomes));
        assertTrue(outcomes[Outcome.BOTH_UNREADABLE.ordinal()] > 4000, Arrays.toString(outcomes));
    }
}
