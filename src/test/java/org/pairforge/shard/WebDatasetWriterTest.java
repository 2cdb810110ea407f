package org.pairforge.shard;

import org.pairforge.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.run.ShardEngine;
import org.pairforge.run.ShardTask;
import org.pairforge.source.Input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shard format as a public codec: what a Spark partition needs to write our layout itself. */
class WebDatasetWriterTest {
    @TempDir
    Path tmp;

    @Test
    void anyStreamGetsAdjacentMembersWithFixedHeadersAndTheSameBytesEveryTime() throws Exception {
        List<Sample> samples;
        try (Pipeline p = Pipeline.notebooks(NotebookOptions.builder().build()).build()) {
            samples = p.process(TestData.corpus("notebooks").resolve("04.01-Simple-Line-Plots.ipynb")).samples();
        }
        Sample first = samples.get(0).withMember("caption.txt", "a line plot");
        byte[] once = write(List.of(first, samples.get(1)));
        assertArrayEquals(once, write(List.of(first, samples.get(1))), "byte-identical");
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(once))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                assertEquals(0, e.getModTime().getTime());
                assertEquals(0, e.getLongUserId());
                assertEquals(0100644, e.getMode());
            }
        }
        String a = first.key(), b = samples.get(1).key();
        assertEquals(List.of(a + ".png", a + ".txt", a + ".caption.txt", a + ".json", b + ".png", b + ".txt", b + ".json"), names);
    }

    @Test
    void rejectionLinesAndAShardWrittenFromInMemoryInputs() throws Exception {
        JsonNode line = Json.MAPPER.readTree(WebDatasetWriter.rejectionLine(
                new Rejection("in.ipynb", "k_c0001", Rejection.Stage.FILTER, "blank_image", "all white")));
        assertEquals(List.of("source", "key", "stage", "reason", "message"), fieldNames(line));
        assertEquals("filter", line.get("stage").asText());

        byte[] notebook = Files.readAllBytes(TestData.corpus("notebooks").resolve("04.01-Simple-Line-Plots.ipynb"));
        List<Input> partition = List.of(Input.of(new SourceData(SourceRef.of("row-1"), notebook, null)),
                Input.of(new SourceData(SourceRef.of("row-2"), "not json".getBytes(), null)));
        ShardLayout layout = new ShardLayout(tmp);
        ShardStats stats;
        try (Pipeline p = Pipeline.notebooks(NotebookOptions.builder().build()).build()) {
            ShardEngine engine = new ShardEngine(p, new LocalStore(tmp), SampleFormat.WEBDATASET);
            stats = engine.commit(engine.make(new ShardTask(7, partition), n -> { }), List.of());
        }
        assertEquals(2, stats.inputsRead());
        assertEquals(1, stats.inputsUnreadable());
        assertTrue(Files.exists(layout.stats(7)));
        assertEquals(stats.kept(), ShardReader.read(layout.tar(7)).size());
        assertTrue(Files.readString(layout.rejects(7)).contains("\"source\":\"row-2\""));
    }

    private static byte[] write(List<Sample> samples) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (WebDatasetWriter w = new WebDatasetWriter(bytes)) {
            for (Sample s : samples) {
                w.add(s);
            }
            w.finish();
        }
        return bytes.toByteArray();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
