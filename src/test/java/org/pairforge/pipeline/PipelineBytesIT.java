package org.pairforge.pipeline;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.Sample;
import org.pairforge.document.DocumentOptions;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An EPUB archive given as bytes (a Spark binaryFile row) is unpacked in the pipeline's area and removed after. */
class PipelineBytesIT {
    private static byte[] epub(Path tree) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); var walk = Files.walk(tree)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(tree.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void anEpubAsBytesRendersLikeItsFolderAndLeavesNoTemporaryFiles() throws Exception {
        Path tree = TestData.corpus("ebooks/sherlock-holmes/src");
        byte[] archive = epub(tree);
        DocumentOptions options = DocumentOptions.builder().dpi(60).maxPages(4).build();
        List<Path> before = pipelineFolders();
        Extraction fromBytes, fromFolder;
        try (Pipeline p = Pipeline.documents(options).build()) {
            fromBytes = p.process(archive, "books/sherlock.epub");
            fromFolder = p.process(tree);
            assertTrue(pipelineFolders().size() <= before.size() + 1, "at most the pipeline's own area while open");
        }
        assertEquals(before, pipelineFolders(), "the temporary area is removed on close");
        assertFalse(fromBytes.samples().isEmpty(), fromBytes.rejections().toString());
        assertEquals(fromFolder.samples().stream().map(Sample::text).toList(), fromBytes.samples().stream().map(Sample::text).toList(),
                "the same pages as the unpacked book");
        assertEquals("books/sherlock.epub", fromBytes.samples().get(0).metadata().get("source"));
    }

    private static List<Path> pipelineFolders() throws Exception {
        try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("pairforge-pipeline")).sorted().toList();
        }
    }
}
