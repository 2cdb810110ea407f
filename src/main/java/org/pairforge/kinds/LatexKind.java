package org.pairforge.kinds;

import org.pairforge.fixtures.internal.SyntheticPapers;
import org.pairforge.latex.LatexOptions;
import org.pairforge.pipeline.Kind;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.template.TemplateContent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Compiled pages of LaTeX papers, each with its Markdown and layout blocks. */
public final class LatexKind implements Kind<LatexOptions> {
    @Override
    public String name() {
        return "latex";
    }

    @Override
    public LatexOptions defaults() {
        return LatexOptions.builder().build();
    }

    @Override
    public Pipeline.Builder pipeline(LatexOptions options) {
        return Pipeline.latex(options);
    }

    @Override
    public Map<String, Object> settings(LatexOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", o.engine() == null ? "auto" : o.engine().name().toLowerCase(Locale.ROOT));
        m.put("timeout_s", o.timeout().toMillis() / 1000.0);
        m.put("dpi", o.pages().dpi());
        m.put("max_pages", o.pages().maxPages());
        m.put("max_page_pixels", o.pages().maxPixelsPerPage());
        m.put("max_output_mb", o.maxFileBytes() >> 20);
        o.markdown().putSettings(m);
        return m;
    }

    @Override
    public int shardSize() {
        return 4;
    }

    @Override
    public Fixture<LatexOptions> fixture() {
        return new Fixture<>() {
            @Override
            public LatexOptions write(Path inputs, int count, long seed, FixtureMaterials materials) throws IOException {
                SyntheticPapers.write(inputs, TemplateContent.load(materials.content()), count, seed);
                return LatexOptions.builder().dpi(96).build();
            }
        };
    }
}
