package org.pairforge.source;

import org.pairforge.core.UnreadableInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InputScannerTest {
    @TempDir
    Path dir;

    @Test
    void walksInSortedOrderSkippingCheckpointsAndOtherFiles() throws Exception {
        for (String name : List.of("b/2.ipynb", "a.ipynb", "b/1.ipynb.gz", ".ipynb_checkpoints/a-checkpoint.ipynb",
                "b/.ipynb_checkpoints/x.ipynb", "b/.hidden.ipynb", "d/.git/e/f.ipynb", "notes.txt", "c/rows.jsonl")) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, name.endsWith(".jsonl") ? "{\"content\":\"{}\"}\n\n{\"content\":\"{}\"}\n" : "{}");
        }
        List<String> ids = new ArrayList<>();
        new InputScanner(1000, InputKind.NOTEBOOKS).scan(List.of(dir), in -> ids.add(dir.relativize(Path.of(in.id().replaceAll("#\\d+$", ""))) + idSuffix(in.id())));
        assertEquals(List.of("a.ipynb", "b/1.ipynb.gz", "b/2.ipynb", "c/rows.jsonl#1", "c/rows.jsonl#3"), ids,
                "blank JSON Lines lines are not inputs, but line numbers stay true to the file");
    }

    private static String idSuffix(String id) {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? "" : id.substring(hash);
    }

    @Test
    void anOverlongLineIsARejectionAndLaterLinesStillCount() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        Files.write(rows, ("{\"content\":\"" + "x".repeat(5000) + "\"}\n{\"content\":\"{}\"}\n").getBytes(StandardCharsets.UTF_8));
        List<Input> inputs = new ArrayList<>();
        new InputScanner(1000, InputKind.NOTEBOOKS).scan(List.of(rows), inputs::add);
        assertEquals(2, inputs.size());
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> inputs.get(0).load(1000));
        assertEquals("too_large", e.reason());
        assertEquals("{}", new String(inputs.get(1).load(1000).content(), StandardCharsets.UTF_8));
    }

    @Test
    void aNotebookStoredAsAnObjectIsReadLikeOneStoredAsAString() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        Files.writeString(rows, "{\"repo\":\"a/b\",\"content\":{\"nbformat\":4,\"cells\":[]}}\n{\"content\":[1]}\n");
        List<Input> inputs = new ArrayList<>();
        new InputScanner(1000, InputKind.NOTEBOOKS).scan(List.of(rows), inputs::add);
        var loaded = inputs.get(0).load(1000);
        assertEquals("{\"nbformat\":4,\"cells\":[]}", new String(loaded.content(), StandardCharsets.UTF_8));
        assertEquals("a/b", loaded.ref().provenance().get("repo"));
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> inputs.get(1).load(1000));
        assertEquals("missing_content", e.reason());
        // A web page is HTML, not JSON: an object where the HTML should be is no page.
        Path pages = dir.resolve("pages.jsonl");
        Files.writeString(pages, "{\"html\":{\"not\":\"html\"}}\n");
        List<Input> web = new ArrayList<>();
        new InputScanner(1000, InputKind.WEB).scan(List.of(pages), web::add);
        assertEquals("missing_content", assertThrows(UnreadableInputException.class, () -> web.get(0).load(1000)).reason());
    }

    @Test
    void aMissingArgumentIsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> InputScanner.checkArguments(List.of(dir.resolve("nope"))));
    }
}
