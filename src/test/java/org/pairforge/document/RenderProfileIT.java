package org.pairforge.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Profiles in renderers/ set the defaults; flags override them; a broken profile is an error, not a default. */
class RenderProfileIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private JsonNode firstPage(Path out) throws Exception {
        var tar = new ShardLayout(out).tar(0);
        return MAPPER.readTree(ShardReader.read(tar).get(0).members().get("json"));
    }

    @Test
    void theBundledProfileSetsDefaultsAndFlagsOverrideThem() throws Exception {
        Path chapter = TestData.corpus("ebooks/sherlock-holmes/src").resolve("epub/text/colophon.xhtml");
        Path out = tmp.resolve("a");
        assertEquals(0, Main.execute("documents", chapter.toString(), "-o", out.toString(), "--no-progress"));
        JsonNode page = firstPage(out);
        assertEquals(144.0, page.get("dpi").asDouble());
        assertEquals(1190, page.get("width").asInt(), "A4 at 144 dpi");

        Path letter = Files.writeString(tmp.resolve("letter.json"), "{\"engine\":\"flying-saucer\",\"page_size\":\"letter\","
                + "\"page_margin\":\"1in\",\"dpi\":144,\"max_pages\":10,\"render_timeout_s\":60,\"max_input_mb\":64}");
        Path out2 = tmp.resolve("b");
        assertEquals(0, Main.execute("documents", chapter.toString(), "-o", out2.toString(), "--profile", letter.toString(),
                "--dpi", "72", "--no-progress"));
        JsonNode page2 = firstPage(out2);
        assertEquals(72.0, page2.get("dpi").asDouble(), "the flag wins over the profile");
        assertEquals(612, page2.get("width").asInt(), "US letter is 8.5 in = 612 pt wide");
        JsonNode summary = MAPPER.readTree(out2.resolve("summary.json").toFile());
        assertTrue(summary.get("settings").get("page").asText().contains("letter"));
    }

    @Test
    void anEngineFlagAlonePicksThatEnginesBundledProfile() throws Exception {
        Path chapter = TestData.corpus("ebooks/sherlock-holmes/src").resolve("epub/text/colophon.xhtml");
        Path out = tmp.resolve("c");
        assertEquals(0, Main.execute("documents", chapter.toString(), "-o", out.toString(), "--engine", "chromium", "--no-progress"));
        JsonNode settings = MAPPER.readTree(out.resolve("summary.json").toFile()).get("settings");
        assertEquals("chromium", settings.get("profile").asText(), "not flying-saucer's profile with another engine");
        double bundled = MAPPER.readTree(Path.of("renderers", "chromium.json").toFile()).get("render_timeout_s").asDouble();
        assertEquals(bundled, settings.get("render_timeout_s").asDouble());
        assertEquals("chromium", firstPage(out).get("engine").asText());
    }

    @Test
    void aProfilesFontsAreRegisteredForFlyingSaucer() throws Exception {
        String latinModern = "/usr/share/texmf/fonts/opentype/public/lm/lmroman10-regular.otf"; // from Debian's lmodern
        Path page = Files.writeString(tmp.resolve("lm.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
                + "<style>p { font-family: 'LM Roman 10'; }</style></head><body><p>Set in Latin Modern.</p></body></html>");
        Path withFonts = Files.writeString(tmp.resolve("lm.json"), "{\"engine\":\"flying-saucer\",\"page_size\":\"A4\","
                + "\"page_margin\":\"2cm\",\"dpi\":72,\"max_pages\":10,\"render_timeout_s\":60,\"max_input_mb\":64,"
                + "\"fonts\":[\"" + latinModern + "\"]}");
        Path plain = tmp.resolve("plain-out");
        Path registered = tmp.resolve("lm-out");
        assertEquals(0, Main.execute("documents", page.toString(), "-o", plain.toString(), "--dpi", "72", "--no-progress"));
        assertEquals(0, Main.execute("documents", page.toString(), "-o", registered.toString(), "--profile", withFonts.toString(), "--no-progress"));
        assertFalse(firstPage(plain).get("fonts").toString().contains("LMRoman10"), "not a built-in font");
        assertTrue(firstPage(registered).get("fonts").toString().contains("LMRoman10"), firstPage(registered).get("fonts").toString());
        Path missing = Files.writeString(tmp.resolve("missing.json"), Files.readString(withFonts).replace(latinModern, "/nonexistent.ttf"));
        assertEquals(2, Main.execute("documents", page.toString(), "-o", tmp.resolve("m").toString(), "--profile", missing.toString()));
    }

    @Test
    void aTypoOrAnInjectionInAProfileIsAnError() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.json"), "{\"engine\":\"flying-saucer\",\"page_size\":\"A4\","
                + "\"page_margin\":\"2cm\",\"dpy\":144,\"max_pages\":10,\"render_timeout_s\":60,\"max_input_mb\":64}");
        var e = assertThrows(IllegalArgumentException.class, () -> RenderProfile.load(typo.toString(), tmp));
        assertTrue(e.getMessage().contains("dpy"), e.getMessage());
        Path css = Files.writeString(tmp.resolve("css.json"), "{\"engine\":\"flying-saucer\",\"page_size\":\"A4; } body { display:none\","
                + "\"page_margin\":\"2cm\",\"dpi\":144,\"max_pages\":10,\"render_timeout_s\":60,\"max_input_mb\":64}");
        assertThrows(IllegalArgumentException.class, () -> RenderProfile.load(css.toString(), tmp));
        assertEquals(2, Main.execute("documents", tmp.toString(), "-o", tmp.resolve("o").toString(), "--profile", "nonexistent"));
    }
}
