package org.pairforge.inspect;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.UsageException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Datasets as they come, damaged and hostile too: what inspect shows, skips and says. */
class InspectionTest {
    @TempDir
    Path tmp;

    private static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static void tar(Path file, int from, int count, String json) throws Exception {
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (int i = from; i < from + count; i++) {
                String key = String.format("k%05d", i);
                byte[] image = png();
                for (Map.Entry<String, byte[]> m : List.of(Map.entry("png", image), Map.entry("txt", ("text " + i).getBytes(StandardCharsets.UTF_8)),
                        Map.entry("json", (json != null ? json : "{\"kind\":\"test-page\",\"source\":\"s" + i
                                + "\",\"words\":[{\"x0\":1,\"y0\":2,\"x1\":10,\"y1\":12,\"text\":\"</script><script>alert(1)</script>\"}]}")
                                .getBytes(StandardCharsets.UTF_8)))) {
                    TarArchiveEntry e = new TarArchiveEntry(key + "." + m.getKey());
                    e.setSize(m.getValue().length);
                    t.putArchiveEntry(e);
                    t.write(m.getValue());
                    t.closeArchiveEntry();
                }
            }
        }
    }

    private Path dataset() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run.resolve("shards"));
        tar(run.resolve("shards/000000.tar"), 0, 30, null);
        tar(run.resolve("shards/000001.tar"), 30, 30, null);
        byte[] whole = Files.readAllBytes(run.resolve("shards/000001.tar"));
        Files.write(run.resolve("shards/000001.tar"), java.util.Arrays.copyOf(whole, whole.length / 2 + 77)); // cut mid-member
        tar(run.resolve("shards/000002.tar"), 60, 2, "{not json");
        Files.writeString(run.resolve("summary.json"), "{\"command\": \"test\", \"kept\": ");
        Files.writeString(run.resolve("rejects.jsonl"), "{\"source\":\"a\",\"reason\":\"blank_page\",\"message\":\"<img src=x onerror=alert(1)>\"}\n"
                + "garbage line\n\n{\"source\":\"b\",\"reason\":\"blank_page\",\"message\":\"m\"}\n");
        return run;
    }

    @Test
    void damagedShardsAndLinesAreReportedAndTheRestShown() throws Exception {
        Inspection in = Inspection.of(dataset(), new Inspection.Options(10, 3, null, false, 1000));
        Inspection.Run run = in.runs().get(0);
        assertEquals("test-page", run.kind());
        assertEquals(2, run.problems().size(), run.problems().toString()); // summary.json and the cut shard
        assertTrue(run.problems().stream().anyMatch(p -> p.startsWith("000001.tar")), run.problems().toString());
        assertTrue(run.samples() >= 32 && run.samples() < 62, "the whole shards and the cut one's first samples: " + run.samples());
        assertEquals(10, run.shown().size());
        assertEquals(3, run.rejectsTotal());
        assertEquals("unreadable_line", run.rejects().get(1).path("reason").asText());

        StringWriter html = new StringWriter();
        Gallery.write(in, html);
        String page = html.toString();
        assertFalse(page.contains("<script>alert") || page.contains("<img src=x"), "sample text and messages are escaped");
        assertTrue(page.contains("unreadable shard: 000001.tar"));
        assertEquals(10, page.split("<article class=\"sample\"", -1).length - 1);
        assertTrue(FunnelTable.render(in).contains("unreadable shard in run: 000001.tar"));
    }

    @Test
    void theSeededSampleIsTheSameWhateverTheShardsAndAnotherSeedDiffers() throws Exception {
        Path a = tmp.resolve("a");
        Files.createDirectories(a.resolve("shards"));
        tar(a.resolve("shards/000000.tar"), 0, 100, null);
        Path b = tmp.resolve("b");
        Files.createDirectories(b.resolve("shards"));
        for (int s = 0; s < 10; s++) {
            tar(b.resolve("shards/" + String.format("%06d", s) + ".tar"), s * 10, 10, null);
        }
        List<String> one = keys(Inspection.of(a, new Inspection.Options(7, 42, null, false, 10)));
        assertEquals(7, one.size());
        assertEquals(one, keys(Inspection.of(b, new Inspection.Options(7, 42, null, false, 10))), "picked by key, not by place");
        assertFalse(one.equals(keys(Inspection.of(a, new Inspection.Options(7, 43, null, false, 10)))));
        assertEquals(List.of(), keys(Inspection.of(a, new Inspection.Options(0, 42, null, false, 10))));
    }

    @Test
    void pastMaxRejectsASeededSampleOfThemInFileOrder() throws Exception {
        Path run = tmp.resolve("r");
        Files.createDirectories(run.resolve("shards"));
        tar(run.resolve("shards/000000.tar"), 0, 3, null);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append("{\"source\":\"in").append(i).append("\",\"reason\":\"blank_page\",\"message\":\"m\"}\n");
        }
        Files.writeString(run.resolve("rejects.jsonl"), lines);
        Inspection.Run a = Inspection.of(run, new Inspection.Options(1, 5, null, false, 10)).runs().get(0);
        assertEquals(50, a.rejectsTotal());
        List<Integer> order = a.rejects().stream().map(r -> Integer.parseInt(r.get("source").asText().substring(2))).toList();
        assertEquals(10, order.size());
        assertEquals(order.stream().sorted().toList(), order, "in file order");
        assertEquals(order, Inspection.of(run, new Inspection.Options(1, 5, null, false, 10)).runs().get(0).rejects().stream()
                .map(r -> Integer.parseInt(r.get("source").asText().substring(2))).toList(), "the same seed, the same rejects");
        assertFalse(order.equals(Inspection.of(run, new Inspection.Options(1, 6, null, false, 10)).runs().get(0).rejects().stream()
                .map(r -> Integer.parseInt(r.get("source").asText().substring(2))).toList()), "another seed, others");
        assertEquals(50, Inspection.of(run, new Inspection.Options(1, 5, null, false, 50)).runs().get(0).rejects().size());
    }

    private static List<String> keys(Inspection in) {
        return in.runs().get(0).shown().stream().map(Inspection.Shown::key).toList();
    }

    @Test
    void misuseIsAUsageError() throws Exception {
        assertThrows(UsageException.class, () -> Inspection.of(tmp.resolve("nothing"), Inspection.Options.defaults()));
        Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(UsageException.class, () -> Inspection.of(tmp.resolve("empty"), Inspection.Options.defaults()))
                .getMessage().contains("not a pairforge dataset"));
        Path run = dataset();
        assertTrue(assertThrows(UsageException.class, () -> Inspection.of(run, new Inspection.Options(5, 0, "latex", false, 10)))
                .getMessage().contains("--kind latex"));
        assertTrue(assertThrows(UsageException.class, () -> Inspection.of(run, new Inspection.Options(5, 0, null, true, 10)))
                .getMessage().contains("--worst-by-score"));
    }
}
