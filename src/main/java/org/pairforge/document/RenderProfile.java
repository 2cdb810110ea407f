package org.pairforge.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A render profile from {@code renderers/}: engine, page geometry, resolution and limits. Unknown fields
 * are an error, so a typo in a profile does not silently fall back to a default.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RenderProfile(
        @JsonProperty("engine") String engine,
        @JsonProperty("page_size") String pageSize,
        @JsonProperty("page_margin") String pageMargin,
        @JsonProperty("dpi") float dpi,
        @JsonProperty("max_pages") int maxPages,
        @JsonProperty("render_timeout_s") double renderTimeoutSeconds,
        @JsonProperty("max_input_mb") int maxInputMb,
        @JsonProperty("javascript") boolean javascript,
        @JsonProperty("fonts") List<String> fonts) {

    /** CSS values only: a profile must not be able to inject other CSS. */
    private static final Pattern CSS_VALUE = Pattern.compile("[A-Za-z0-9. %-]{1,40}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RenderProfile {
        fonts = fonts == null ? List.of() : List.copyOf(fonts);
        for (String font : fonts) {
            String lower = font.toLowerCase(java.util.Locale.ROOT);
            if (!(lower.endsWith(".ttf") || lower.endsWith(".otf") || lower.endsWith(".ttc"))
                    || !Files.isRegularFile(Path.of(font))) {
                throw new IllegalArgumentException("fonts: '" + font + "' is not a .ttf, .otf or .ttc file");
            }
        }
        if (!CSS_VALUE.matcher(pageSize).matches() || !CSS_VALUE.matcher(pageMargin).matches()) {
            throw new IllegalArgumentException("page_size and page_margin must be plain CSS values, got '"
                    + pageSize + "' and '" + pageMargin + "'");
        }
    }

    /** The profile's extra font files. */
    public List<Path> fontFiles() {
        return fonts.stream().map(Path::of).toList();
    }

    /** The default {@code @page} rule this profile puts before the document's own CSS. */
    public String pageCss() {
        return "@page { size: " + pageSize + "; margin: " + pageMargin + "; }";
    }

    /** A profile by name (a file in {@code renderers/}) or by path. */
    public static RenderProfile load(String nameOrPath, Path renderersDir) throws IOException {
        Path file = nameOrPath.endsWith(".json") ? Path.of(nameOrPath) : renderersDir.resolve(nameOrPath + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no render profile " + file + " (--profile)");
        }
        try {
            return MAPPER.readValue(file.toFile(), RenderProfile.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("render profile " + file + " is invalid: " + e.getOriginalMessage(), e);
        }
    }
}
