package org.pairforge.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every reason code pairforge writes into {@code rejects.jsonl} and the funnel, with the stage that normally
 * raises it and what it means. The README's table of reason codes is checked against this one (ReasonsTest), and
 * so are the codes the sources raise. A stage of a caller's own may drop samples with codes of its own.
 */
public final class Reasons {
    /** One code: its stage and a one-line meaning. */
    public record Reason(String code, Rejection.Stage stage, String meaning) {
    }

    private static final Map<String, Reason> ALL = new LinkedHashMap<>();

    static {
        add("too_large", Rejection.Stage.READ, "the input, or what it unpacks or decompresses to, is over --max-input-mb");
        add("unreadable", Rejection.Stage.READ, "the file or folder cannot be read (permissions, I/O error, a vanished file)");
        add("empty", Rejection.Stage.READ, "the file holds no bytes");
        add("not_json", Rejection.Stage.READ, "a notebook that is not JSON at all");
        add("malformed_json", Rejection.Stage.READ, "a notebook whose JSON is invalid past its start");
        add("truncated", Rejection.Stage.READ, "a notebook whose JSON ends early");
        add("not_a_notebook", Rejection.Stage.READ, "JSON that is not an nbformat 3 or 4 notebook (an array, no cells)");
        add("too_deep", Rejection.Stage.READ, "JSON nested deeper than --max-json-depth, or XHTML deeper than 512 elements");
        add("bad_gzip", Rejection.Stage.READ, "a .gz input that is not valid gzip");
        add("bad_jsonl_line", Rejection.Stage.READ, "a JSON Lines line that is not a JSON object");
        add("missing_content", Rejection.Stage.READ, "a JSON Lines row without the field that holds the input (content; html or text for web)");
        add("no_location", Rejection.Stage.READ, "a document or paper given without bytes or a place on disk");
        add("bad_epub", Rejection.Stage.READ, "an .epub that is not a readable zip, or whose container or package file is broken");
        add("not_an_epub", Rejection.Stage.READ, "a folder without META-INF/container.xml pointing to a package file");
        add("zip_bomb", Rejection.Stage.READ, "an .epub with more than 10,000 entries");
        add("zip_slip", Rejection.Stage.READ, "an .epub entry that would land outside its folder");
        add("path_outside_book", Rejection.Stage.READ, "a package manifest entry that points outside the book");
        add("unsafe_archive", Rejection.Stage.READ, "a paper archive entry that would land outside its folder");
        add("bad_archive", Rejection.Stage.READ, "a paper archive that cannot be unpacked");
        add("too_many_files", Rejection.Stage.READ, "a paper with more than 20,000 files");
        add("bad_shard", Rejection.Stage.READ, "check: a shard tar that cannot be read, or a sample in it without its image, txt or json");
        add("extractor_fault", Rejection.Stage.EXTRACT, "a fault pairforge did not foresee (a bug: please report); the run goes on");
        add("bad_base64", Rejection.Stage.EXTRACT, "a figure whose base64 does not decode");
        add("svg_unrenderable", Rejection.Stage.EXTRACT, "an SVG figure that cannot be rasterized (DOCTYPE or entities, parse error, oversize)");
        add("svg_timeout", Rejection.Stage.EXTRACT, "an SVG figure that took longer than --svg-timeout");
        add("bad_xhtml", Rejection.Stage.EXTRACT, "a chapter that does not parse as XHTML");
        add("missing_chapter", Rejection.Stage.EXTRACT, "a spine chapter the book does not hold");
        add("render_failed", Rejection.Stage.EXTRACT, "a chapter the engine could not lay out or print");
        add("render_timeout", Rejection.Stage.EXTRACT, "a document that took longer than --render-timeout (the chapters left are named)");
        add("too_many_pages", Rejection.Stage.EXTRACT, "pages past --max-pages were not rendered");
        add("encrypted_pdf", Rejection.Stage.EXTRACT, "an encrypted PDF (an input PDF with a user password; one with only an owner password opens)");
        add("pdf_damaged", Rejection.Stage.EXTRACT, "an input PDF, or one of its pages, that PDFBox cannot open or draw (its message)");
        add("ocr_failed", Rejection.Stage.EXTRACT, "--ocr-scanned: Tesseract failed on a scanned PDF page, or took longer than what was left of --render-timeout");
        add("pdf_stream_too_large", Rejection.Stage.EXTRACT, "an input PDF page whose content decompresses to more than --max-input-mb");
        add("page_too_large", Rejection.Stage.EXTRACT, "a page whose raster would be over --max-page-pixels");
        add("no_main_file", Rejection.Stage.EXTRACT, "a paper with no .tex holding \\documentclass and \\begin{document}");
        add("latex_error", Rejection.Stage.EXTRACT, "TeX stopped with an error (the log's first ! line and its input line)");
        add("missing_file", Rejection.Stage.EXTRACT, "a file the paper \\inputs is not there");
        add("missing_tex_file", Rejection.Stage.EXTRACT, "a TeX Live file the paper loads (a package, class, babel language) that this machine lacks (named; bin/setup --tex full)");
        add("missing_font", Rejection.Stage.EXTRACT, "a font the paper asks for that this machine lacks (named; bin/setup --tex full)");
        add("markdown_failed", Rejection.Stage.EXTRACT, "--require-markdown: a page whose Markdown could not be made (the reason says why)");
        add("unsafe_bibliography", Rejection.Stage.EXTRACT, "a Biber data source outside the project");
        add("output_too_large", Rejection.Stage.EXTRACT, "TeX wrote a file over --max-output-mb");
        add("timeout", Rejection.Stage.EXTRACT, "a paper's whole compile took longer than --timeout");
        add("page_timeout", Rejection.Stage.EXTRACT, "a web page did not load, or kept its browser busy, past --page-timeout");
        add("page_crashed", Rejection.Stage.EXTRACT, "Chromium failed on the page");
        add("unreadable_text_boxes", Rejection.Stage.EXTRACT, "the page's text boxes came back in a form the boxes script never returns");
        add("multiple_images", Rejection.Stage.FILTER, "a cell with more than one image");
        add("too_few_code_lines", Rejection.Stage.FILTER, "fewer counted code lines than --min-code-lines");
        add("not_an_image", Rejection.Stage.FILTER, "bytes that are neither PNG nor JPEG");
        add("image_type_mismatch", Rejection.Stage.FILTER, "an image whose bytes are not the type the notebook declares");
        add("image_corrupt", Rejection.Stage.FILTER, "a PNG or JPEG that is not structurally whole (CRC, chunk or marker chain)");
        add("image_too_large", Rejection.Stage.FILTER, "an image over --max-image-pixels");
        add("image_too_small", Rejection.Stage.FILTER, "an image side under --min-image-side");
        add("image_undecodable", Rejection.Stage.FILTER, "an image whose pixels do not decode");
        add("blank_image", Rejection.Stage.FILTER, "an image of one colour over --blank-share of its pixels");
        add("blank_page", Rejection.Stage.FILTER, "a rendered page without text");
        add("no_text_layer", Rejection.Stage.FILTER, "an input PDF page that draws images and no text (a scan)");
        add("unmapped_text", Rejection.Stage.FILTER, "an input PDF page whose glyphs lack Unicode text (fonts without ToUnicode) over --max-unmapped");
        add("missing_glyphs", Rejection.Stage.FILTER, "characters the source shows that no rendered page has (the fonts cannot draw them)");
        add("stage_fault", Rejection.Stage.FILTER, "a stage threw on the sample (the message names the stage)");
        add("check_below_min_score", Rejection.Stage.CHECK, "the self-check's score is under --min-score (the line carries score, transcript and the check)");
        add("duplicate", Rejection.Stage.DEDUP, "the same image and normalized text as an earlier sample of the run");
    }

    private Reasons() {
    }

    private static void add(String code, Rejection.Stage stage, String meaning) {
        ALL.put(code, new Reason(code, stage, meaning));
    }

    /** Every code, in the order of the pipeline. */
    public static Map<String, Reason> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }
}
