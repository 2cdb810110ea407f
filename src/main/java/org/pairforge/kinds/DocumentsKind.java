package org.pairforge.kinds;

import org.pairforge.document.DocumentOptions;
import org.pairforge.pipeline.Kind;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.template.DocumentTemplates;
import org.pairforge.template.TemplateContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Page images and text of e-books, HTML/XHTML documents and exams. */
public final class DocumentsKind implements Kind<DocumentOptions> {
    @Override
    public String name() {
        return "documents";
    }

    @Override
    public DocumentOptions defaults() {
        return DocumentOptions.builder().build();
    }

    @Override
    public Pipeline.Builder pipeline(DocumentOptions options) {
        return Pipeline.documents(options);
    }

    @Override
    public Map<String, Object> settings(DocumentOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", o.profile());
        m.put("engine", o.engine());
        m.put("page", o.pageCss());
        m.put("javascript", o.javaScript());
        m.put("dpi", o.pages().dpi());
        m.put("max_pages", o.pages().maxPages());
        m.put("max_page_pixels", o.pages().maxPixelsPerPage());
        m.put("render_timeout_s", o.renderTimeout().toMillis() / 1000.0);
        m.put("max_unmapped", o.maxUnmapped());
        m.put("ocr_scanned", o.ocrLang());
        o.markdown().putSettings(m);
        return m;
    }

    @Override
    public int shardSize() {
        return 4;
    }

    @Override
    public Fixture<DocumentOptions> fixture() {
        return new Fixture<>() {
            @Override
            public DocumentOptions write(Path inputs, int n, long seed, FixtureMaterials materials) throws IOException {
                TemplateContent content = TemplateContent.load(materials.content());
                new DocumentTemplates(materials.templates(), "ebook").generate(content, (n + 1) / 2, seed, inputs);
                if (n > 1) {
                    new DocumentTemplates(materials.templates(), "exam").generate(content, n / 2, seed, inputs);
                }
                // Rejected on purpose: XHTML that does not parse, and a page with no text.
                Files.writeString(inputs.resolve("broken.xhtml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Broken</title></head>\n"
                        + "<body><p>This paragraph is never closed.</body></html>\n", StandardCharsets.UTF_8);
                Files.writeString(inputs.resolve("blank.xhtml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Blank</title></head>\n"
                        + "<body></body></html>\n", StandardCharsets.UTF_8);
                return DocumentOptions.builder().dpi(96).build();
            }
        };
    }
}
