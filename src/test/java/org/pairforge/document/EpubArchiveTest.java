package org.pairforge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.page.PageOptions;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpubArchiveTest {
    @TempDir
    Path tmp;

    /** The corpus book zipped as an .epub, its spine cut to one short chapter. */
    private Path realEpub() throws Exception {
        Path src = TestData.corpus("ebooks/sherlock-holmes/src");
        Path epub = tmp.resolve("book.epub");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(epub)); Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = src.relativize(f).toString();
                zip.putNextEntry(new ZipEntry(name));
                byte[] bytes = Files.readAllBytes(f);
                if (name.endsWith("content.opf")) {
                    bytes = new String(bytes).replaceAll("<itemref idref=\"(?!colophon)[^\"]*\"[^>]*/>", "").getBytes();
                }
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return epub;
    }

    @Test
    void anEpubArchiveRendersLikeItsUnpackedTreeAndLeavesNothingBehind() throws Exception {
        Path epub = realEpub();
        long tempsBefore = countTemps();
        Extraction e = new DocumentPairs(PageOptions.defaults(), java.time.Duration.ofSeconds(60), 512L << 20)
                .extract(new SourceData(SourceRef.of("book.epub"), new byte[0], epub));
        assertTrue(e.readable(), String.valueOf(e.rejections()));
        assertFalse(e.samples().isEmpty());
        assertEquals("epub/text/colophon.xhtml", e.samples().get(0).metadata().get("chapter"));
        String chapterText = String.join("\n", e.samples().stream().map(org.pairforge.core.Sample::text).toList());
        assertTrue(chapterText.contains("Standard Ebooks"), chapterText);
        assertEquals(tempsBefore, countTemps(), "the unpacked copy is deleted");
    }

    @Test
    void entriesThatEscapeTheFolderAreRefused() throws Exception {
        Path evil = tmp.resolve("evil.epub");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(evil))) {
            zip.putNextEntry(new ZipEntry("../../pairforge-zip-slip.txt"));
            zip.write("escaped".getBytes());
            zip.closeEntry();
        }
        var e = assertThrows(UnreadableInputException.class, () -> EpubArchive.unpack(evil, 1 << 20, 100));
        assertEquals("zip_slip", e.reason());
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir")).getParent().resolve("pairforge-zip-slip.txt")));
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir")).resolve("pairforge-zip-slip.txt")));
    }

    @Test
    void aZipBombStopsAtTheByteCap() throws Exception {
        Path bomb = tmp.resolve("bomb.epub");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("zeros.xhtml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros); // 64 MiB that compress to ~64 KiB
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 1 << 20);
        var e = assertThrows(UnreadableInputException.class, () -> EpubArchive.unpack(bomb, 8 << 20, 100));
        assertEquals("zip_bomb", e.reason());
        assertTrue(e.getMessage().contains("--max-input-mb"), e.getMessage());
    }

    private static long countTemps() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("pairforge-epub")).count();
        }
    }
}
