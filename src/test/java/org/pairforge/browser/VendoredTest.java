package org.pairforge.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VendoredTest {
    @TempDir
    Path tmp;

    @Test
    void aFileStandsForItsUrlAndAFolderForEverythingUnderItsPrefix() throws Exception {
        Path css = Files.writeString(tmp.resolve("tailwind.min.css"), ".x{}");
        Path fonts = Files.createDirectories(tmp.resolve("fonts/inter"));
        Path woff = Files.writeString(fonts.resolve("inter.woff2"), "w");
        Files.writeString(tmp.resolve("secret.txt"), "s");
        Vendored v = Vendored.of(Map.of("https://cdn.jsdelivr.net/npm/tailwindcss@2.2.19/dist/tailwind.min.css", css,
                "https://fonts.example.com/", tmp.resolve("fonts")));
        assertEquals(css.toAbsolutePath(), v.fileFor("https://cdn.jsdelivr.net/npm/tailwindcss@2.2.19/dist/tailwind.min.css?v=1#x"));
        assertEquals(woff.toAbsolutePath(), v.fileFor("https://fonts.example.com/inter/inter.woff2"));
        assertNull(v.fileFor("https://cdn.jsdelivr.net/npm/tailwindcss@2.2.19/dist/other.css"));
        assertNull(v.fileFor("https://fonts.example.com/../secret.txt"), "nothing outside the folder");
        assertNull(v.fileFor("https://fonts.example.com/%2e%2e/secret.txt"));
        assertNull(v.fileFor("https://fonts.example.com/inter"), "a folder is not a file");
        assertNull(Vendored.NONE.fileFor("https://fonts.example.com/inter/inter.woff2"));
    }

    @Test
    void aMappingThatCannotWorkIsAnErrorNamingTheFlag() throws Exception {
        Path css = Files.writeString(tmp.resolve("a.css"), "");
        var notUrl = assertThrows(IllegalArgumentException.class, () -> Vendored.of(Map.of("file:///etc/passwd", css)));
        assertTrue(notUrl.getMessage().contains("--vendor"), notUrl.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vendored.of(Map.of("https://x.example/a.css", tmp.resolve("missing.css"))));
        assertThrows(IllegalArgumentException.class, () -> Vendored.of(Map.of("https://x.example/dir/", css)), "a prefix needs a folder");
    }
}
