package org.pairforge.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckOptionsTest {
    @Test
    void defaultsCarryAPromptForEveryKind() {
        CheckOptions o = CheckOptions.builder().build();
        assertEquals("auto", o.checker(), "PP-OCR for Chinese text, Tesseract for the rest");
        assertEquals("tesseract", o.toBuilder().embedded(CheckOptions.Embedded.TESSERACT).build().checker());
        assertEquals("model", o.toBuilder().model(URI.create("http://gpu1:8000/v1"), "m").build().checker());
        assertEquals(CheckOptions.Embedded.PPOCR, CheckOptions.Embedded.of("ppocr"));
        assertEquals(Prompts.KINDS.size(), o.prompts().ids().size());
        assertEquals("figure-caption-v1", o.prompts().forKind("notebook-figure").id());
        assertEquals("page-transcribe-v1", o.prompts().forKind("some-future-kind").id(), "an unknown kind is read as a page");
        assertEquals(1600, o.maxImageSide());
    }

    @Test
    void optionsSurviveJavaSerializationAsExecutorsNeedThem() throws Exception {
        CheckOptions o = CheckOptions.builder().model(URI.create("http://gpu1:8000/v1/"), "m").minScore(0.7)
                .requestTimeout(Duration.ofSeconds(30)).build();
        assertEquals("http://gpu1:8000/v1", o.modelUrl().toString(), "a trailing slash is dropped");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(o, in.readObject());
        }
    }

    @Test
    void aPromptsFileMustNameEveryKind(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Files.copy(Path.of("templates/check/prompts.json"), good);
        assertEquals(Prompts.defaults(), Prompts.load(good), "the bundled file is the default");
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"web-page\": {\"id\": \"w\", \"text\": \"read\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prompts.load(partial));
        assertTrue(e.getMessage().contains("--prompts " + partial) && e.getMessage().contains("document-page"), e.getMessage());
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Prompts.load(broken)).getMessage().contains("not readable JSON"));
    }
}
