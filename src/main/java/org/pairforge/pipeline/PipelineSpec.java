package org.pairforge.pipeline;

import org.pairforge.document.DocumentOptions;
import org.pairforge.latex.LatexOptions;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.web.WebOptions;

import java.io.Serializable;

/**
 * How to make a kind's pipeline, as a value that serializes: where pipelines are opened far from where they
 * are described (a Spark executor opens one per partition), the description travels and each place builds its
 * own pipeline, with its own browsers and TeX folder.
 */
@FunctionalInterface
public interface PipelineSpec extends Serializable {
    Pipeline.Builder builder();

    static PipelineSpec notebooks(NotebookOptions options) {
        return () -> Pipeline.notebooks(options);
    }

    static PipelineSpec documents(DocumentOptions options) {
        return () -> Pipeline.documents(options);
    }

    static PipelineSpec latex(LatexOptions options) {
        return () -> Pipeline.latex(options);
    }

    static PipelineSpec web(WebOptions options) {
        return () -> Pipeline.web(options);
    }
}
