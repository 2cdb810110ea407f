package org.pairforge.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.markdown.PageMarkdown;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import org.pairforge.check.Scores;
import org.pairforge.check.SelfCheck;
import org.pairforge.core.EncodedImage;
import org.pairforge.image.ImageProbe;
import org.pairforge.core.Json;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link Inspection} as ONE self-contained HTML page: images inlined as data URIs, style and script in the
 * page, and a Content-Security-Policy that lets the page load nothing else, so it opens anywhere offline and
 * cannot reach the network whatever a sample's text holds (all of it is escaped). Each sample's image sits
 * beside its text and metadata; its word and line boxes are drawn over the image when the boxes control is on;
 * the self-check's transcript shows the characters it read differently from the text; rejects are a table
 * filterable by reason.
 */
public final class Gallery {
    /** Longest text shown per sample; the rest is cut with a note (a web page's text can be long). */
    static final int MAX_TEXT = 20_000;
    /** Largest image inlined: a page of 50 samples stays a page a browser opens. */
    static final int MAX_IMAGE_BYTES = 16 << 20;

    private Gallery() {
    }

    public static void write(Inspection inspection, Path html) throws IOException {
        Files.createDirectories(html.toAbsolutePath().getParent());
        new org.pairforge.shard.LocalStore(html.toAbsolutePath().getParent()).write(html.getFileName().toString(), out -> {
            Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(inspection, w);
            w.flush();
        });
    }

    static void write(Inspection in, Writer w) throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                + "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<title>pairforge inspect: " + esc(in.dataset().getFileName() == null ? in.dataset().toString()
                : in.dataset().getFileName().toString()) + "</title>\n<style>" + CSS + "</style></head>\n<body>\n");
        int shown = in.runs().stream().mapToInt(r -> r.shown().size()).sum();
        w.write("<header><h1>" + esc(in.dataset().toString()) + "</h1><p>" + shown + " sample(s) shown: "
                + (in.options().worstByScore() ? "the lowest self-check scores" : "a sample seeded with " + in.options().seed())
                + ", at most " + in.options().sample() + " per kind.</p>\n");
        w.write("<div class=\"controls\"><label><input type=\"checkbox\" id=\"show-boxes\"> word, line and block boxes</label>\n"
                + "<label>order <select id=\"order\"><option value=\"sample\">as sampled</option>"
                + "<option value=\"score\"" + (in.options().worstByScore() ? " selected" : "") + ">worst score first</option></select></label></div>\n");
        w.write("</header>\n");
        w.write(funnel(in));
        for (Inspection.Run run : in.runs()) {
            writeRun(run, w);
        }
        w.write("<script>" + SCRIPT + "</script>\n</body></html>\n");
    }

    private static String funnel(Inspection in) {
        StringBuilder sb = new StringBuilder("<table class=\"funnel\"><thead><tr><th>run</th><th>kind</th><th>inputs</th>"
                + "<th>unreadable</th><th>candidates</th><th>kept</th><th>in shards</th><th>shown</th><th>rejects</th>"
                + "<th>dropped by reason</th><th>self-check</th></tr></thead><tbody>\n");
        for (Inspection.Run r : in.runs()) {
            JsonNode s = r.summary();
            StringBuilder dropped = new StringBuilder();
            s.path("dropped").fields().forEachRemaining(e -> dropped.append(esc(e.getKey())).append(' ').append(e.getValue().asInt()).append("<br>"));
            StringBuilder check = new StringBuilder();
            s.path("check").path("by_kind").fields().forEachRemaining(e -> check.append(esc(e.getKey())).append(": ")
                    .append(esc(e.getValue().path("status").asText())).append(", median ").append(esc(e.getValue().path("median").asText()))
                    .append(", p10 ").append(esc(e.getValue().path("p10").asText())).append("<br>"));
            sb.append("<tr><td>").append(esc(r.command())).append("</td><td>").append(esc(r.kind())).append("</td><td>")
                    .append(s.path("inputs_read").asText("")).append("</td><td>").append(s.path("inputs_unreadable").asText(""))
                    .append("</td><td>").append(s.path("candidates").asText("")).append("</td><td>").append(s.path("kept").asText(""))
                    .append("</td><td>").append(r.samples()).append("</td><td>").append(r.shown().size()).append("</td><td>")
                    .append(r.rejectsTotal()).append("</td><td>").append(dropped).append("</td><td>").append(check).append("</td></tr>\n");
        }
        return sb.append("</tbody></table>\n").toString();
    }

    private static void writeRun(Inspection.Run run, Writer w) throws IOException {
        w.write("<section class=\"run\" data-command=\"" + esc(run.command()) + "\" data-kind=\"" + esc(run.kind()) + "\">\n");
        w.write("<h2>" + esc(run.command()) + (run.kind().isEmpty() ? "" : " <small>" + esc(run.kind()) + "</small>")
                + " <small>" + esc(run.dir().toString()) + "</small></h2>\n");
        for (String problem : run.problems()) {
            w.write("<p class=\"problem\">unreadable shard: " + esc(problem) + "</p>\n");
        }
        w.write("<div class=\"samples\">\n");
        int order = 0;
        for (Inspection.Shown s : run.shown()) {
            writeSample(s, order++, w);
        }
        w.write("</div>\n");
        writeRejects(run, w);
        w.write("</section>\n");
    }

    private static void writeSample(Inspection.Shown s, int order, Writer w) throws IOException {
        String ext = s.members().containsKey("png") ? "png" : s.members().containsKey("jpg") ? "jpg" : s.members().containsKey("jpeg") ? "jpeg" : null;
        byte[] image = ext == null ? null : s.members().get(ext);
        w.write("<article class=\"sample\" id=\"s-" + esc(s.key()) + "\" data-key=\"" + esc(s.key()) + "\" data-order=\"" + order + "\""
                + (s.score() == null ? "" : " data-score=\"" + s.score() + "\"") + ">\n");
        w.write("<h3>" + esc(s.key()) + " <span class=\"tag\">" + esc(s.kind()) + "</span> <span class=\"tag\">" + esc(s.shard()) + "</span>"
                + (s.score() == null ? "" : " <span class=\"score\">score " + s.score() + "</span>") + "</h3>\n<div class=\"pair\">\n");
        if (image == null) {
            w.write("<div class=\"frame missing\">no image member</div>\n");
        } else if (image.length > MAX_IMAGE_BYTES) {
            w.write("<div class=\"frame missing\">image of " + image.length + " bytes, over " + MAX_IMAGE_BYTES + ": not inlined</div>\n");
        } else {
            String type = ext.equals("png") ? "image/png" : "image/jpeg";
            EncodedImage probed = ImageProbe.probe(image, type);
            int width = probed.width();
            int height = probed.height();
            w.write("<div class=\"frame\"><img alt=\"" + esc(s.key()) + "\" width=\"" + width + "\" height=\"" + height + "\" src=\"data:"
                    + type + ";base64,");
            w.write(Base64.getEncoder().encodeToString(image));
            w.write("\"><svg class=\"boxes\" viewBox=\"0 0 " + width + " " + height + "\" preserveAspectRatio=\"none\"></svg></div>\n");
        }
        w.write("<div class=\"side\">\n");
        String text = s.members().containsKey("txt") ? new String(s.members().get("txt"), StandardCharsets.UTF_8) : "";
        byte[] md = s.members().get(PageMarkdown.MEMBER);
        if (md != null) {
            String markdown = new String(md, StandardCharsets.UTF_8);
            w.write("<div class=\"markdown\"><h4>KEY.md</h4>" + renderMarkdown(cut(markdown))
                    + "<details><summary>Markdown source</summary><pre class=\"md\">" + esc(cut(markdown)) + "</pre></details>"
                    + "<details><summary>text</summary><pre class=\"text\">" + esc(cut(text)) + "</pre></details></div>\n");
        } else {
            w.write("<pre class=\"text\">" + esc(cut(text)) + "</pre>\n");
        }
        w.write(metadataTable(s.metadata()));
        w.write(check(s, text));
        w.write("</div></div>\n<script type=\"application/json\" class=\"box-data\">" + boxes(s.metadata()) + "</script>\n</article>\n");
    }

    /** CommonMark with raw HTML escaped: a page's Markdown is data, never markup of this page. */
    private static final org.commonmark.parser.Parser MARKDOWN = org.commonmark.parser.Parser.builder().build();
    private static final org.commonmark.renderer.html.HtmlRenderer MARKDOWN_HTML =
            org.commonmark.renderer.html.HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    /** A {@code tabular} table (the default {@code --table-format latex}), or a formula. */
    private static final java.util.regex.Pattern MATH = java.util.regex.Pattern.compile(
            "\\\\begin\\{tabular\\}.+?\\\\end\\{tabular\\}|\\\\\\[.+?\\\\\\]|\\\\\\(.+?\\\\\\)",
            java.util.regex.Pattern.DOTALL);

    /**
     * The Markdown as HTML, its formulas and LaTeX tables kept as written: CommonMark reads {@code \\[} as an escaped
     * bracket and a tabular's {@code \\\\} row ends as one backslash, so each is set aside before and put back after,
     * as LaTeX source in a {@code span.math} (a table's with its lines kept, {@code span.math.tabular}).
     */
    static String renderMarkdown(String markdown) {
        List<String> formulas = new ArrayList<>();
        java.util.regex.Matcher m = MATH.matcher(markdown);
        StringBuilder held = new StringBuilder();
        while (m.find()) {
            formulas.add(m.group());
            m.appendReplacement(held, "PAIRFORGEMATH" + (formulas.size() - 1) + "X");
        }
        m.appendTail(held);
        String html = MARKDOWN_HTML.render(MARKDOWN.parse(held.toString()));
        for (int i = formulas.size() - 1; i >= 0; i--) {
            String f = formulas.get(i);
            String css = f.startsWith("\\begin{tabular}") ? "math tabular" : "math";
            html = html.replace("PAIRFORGEMATH" + i + "X", "<span class=\"" + css + "\">" + esc(f) + "</span>");
        }
        return html;
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "\n[... " + (text.length() - MAX_TEXT) + " more characters]";
    }

    /** The top-level metadata: values as they are, lists by their length, objects as compact JSON. */
    private static String metadataTable(JsonNode meta) {
        StringBuilder sb = new StringBuilder("<table class=\"meta\">");
        meta.fields().forEachRemaining(e -> {
            if (e.getKey().equals(SelfCheck.NAME)) {
                return;
            }
            JsonNode v = e.getValue();
            String shown = v.isArray() ? v.size() + " items" : v.isObject() ? v.toString() : v.asText();
            if (shown.length() > 300) {
                shown = shown.substring(0, 300) + "...";
            }
            sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(shown)).append("</td></tr>");
        });
        return sb.append("</table>\n").toString();
    }

    private static String check(Inspection.Shown s, String text) {
        JsonNode check = s.metadata().path(SelfCheck.NAME);
        if (check.isMissingNode()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"check\"><h4>self-check: ").append(esc(check.path("status").asText()));
        check.path("scores").fields().forEachRemaining(e -> sb.append(" · ").append(esc(e.getKey())).append(' ').append(esc(e.getValue().toString())));
        sb.append("</h4>");
        byte[] caption = s.members().get(SelfCheck.CAPTION_MEMBER);
        if (check.has("error")) {
            sb.append("<p class=\"error\">").append(esc(check.get("error").asText())).append("</p>");
        }
        if (caption != null) {
            String transcript = new String(caption, StandardCharsets.UTF_8);
            if (Scores.scoredAsPage(s.kind())) {
                sb.append("<p class=\"legend\"><del>in the text, not read</del> <ins>read, not in the text</ins></p><div class=\"diff\">")
                        .append(diff(text, transcript)).append("</div>");
            } else {
                sb.append("<p class=\"legend\">what the reader saw in the figure</p><pre class=\"transcript\">").append(esc(cut(transcript))).append("</pre>");
            }
        }
        return sb.append("</div>\n").toString();
    }

    /** The text with what the transcript lacks struck and what it adds inserted, whitespace runs read as one space. */
    static String diff(String text, String transcript) {
        List<Character> a = chars(cut(text));
        List<Character> b = chars(cut(transcript));
        Patch<Character> patch = DiffUtils.diff(a, b);
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (AbstractDelta<Character> d : patch.getDeltas()) {
            int pos = d.getSource().getPosition();
            sb.append(esc(join(a.subList(at, pos))));
            if (!d.getSource().getLines().isEmpty()) {
                sb.append("<del>").append(esc(join(d.getSource().getLines()))).append("</del>");
            }
            if (!d.getTarget().getLines().isEmpty()) {
                sb.append("<ins>").append(esc(join(d.getTarget().getLines()))).append("</ins>");
            }
            at = pos + d.getSource().size();
        }
        sb.append(esc(join(a.subList(at, a.size()))));
        return sb.toString();
    }

    private static List<Character> chars(String s) {
        String collapsed = s.strip().replaceAll("\\s+", " ");
        List<Character> out = new ArrayList<>(collapsed.length());
        for (int i = 0; i < collapsed.length(); i++) {
            out.add(collapsed.charAt(i));
        }
        return out;
    }

    private static String join(List<Character> cs) {
        StringBuilder sb = new StringBuilder(cs.size());
        cs.forEach(sb::append);
        return sb.toString();
    }

    /**
     * Every box in the metadata ({@code words}; {@code text_boxes} and {@code lines} as lines; layout {@code blocks})
     * as {@code [x0,y0,x1,y1,"w"|"l"|"b"]}, a block's with its type after.
     */
    static String boxes(JsonNode meta) {
        StringBuilder sb = new StringBuilder("[");
        Map<String, String> fields = new TreeMap<>(Map.of("words", "w", "text_boxes", "l", "lines", "l", "blocks", "b"));
        boolean first = true;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            for (Iterator<JsonNode> it = meta.path(f.getKey()).elements(); it.hasNext(); ) {
                JsonNode b = it.next();
                if (!(b.path("x0").isNumber() && b.path("y0").isNumber() && b.path("x1").isNumber() && b.path("y1").isNumber())) {
                    continue;
                }
                sb.append(first ? "" : ",").append('[').append(b.get("x0").asDouble()).append(',').append(b.get("y0").asDouble())
                        .append(',').append(b.get("x1").asDouble()).append(',').append(b.get("y1").asDouble()).append(",\"")
                        .append(f.getValue()).append('"');
                if (b.path("type").isTextual()) {
                    sb.append(",\"").append(esc(b.get("type").asText()).replace("\\", "").replace("\"", "")).append('"');
                }
                sb.append(']');
                first = false;
            }
        }
        return sb.append(']').toString();
    }

    private static void writeRejects(Inspection.Run run, Writer w) throws IOException {
        Map<String, Integer> reasons = new TreeMap<>();
        for (JsonNode r : run.rejects()) {
            reasons.merge(r.path("reason").asText(), 1, Integer::sum);
        }
        w.write("<h3>rejects <small>" + (run.rejects().size() == run.rejectsTotal() ? run.rejectsTotal() + ""
                : run.rejects().size() + " of " + run.rejectsTotal() + ", a seeded sample") + "</small></h3>\n");
        w.write("<label>reason <select class=\"reason-filter\"><option value=\"\">all (" + run.rejects().size() + ")</option>");
        for (Map.Entry<String, Integer> e : reasons.entrySet()) {
            w.write("<option value=\"" + esc(e.getKey()) + "\">" + esc(e.getKey()) + " (" + e.getValue() + ")</option>");
        }
        w.write("</select></label>\n<table class=\"rejects\"><thead><tr><th>source</th><th>key</th><th>stage</th><th>reason</th>"
                + "<th>message</th></tr></thead><tbody>\n");
        for (JsonNode r : run.rejects()) {
            w.write("<tr data-reason=\"" + esc(r.path("reason").asText()) + "\"><td>" + esc(r.path("source").asText()) + "</td><td>"
                    + esc(r.path("key").asText("")) + "</td><td>" + esc(r.path("stage").asText()) + "</td><td>"
                    + esc(r.path("reason").asText()) + "</td><td>" + esc(r.path("message").asText()) + "</td></tr>\n");
        }
        w.write("</tbody></table>\n");
    }

    /** Text for HTML content and attribute values; also keeps {@code </script>} out of embedded JSON. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 3em;color:#222;background:#fafafa}
            header{position:sticky;top:0;background:#fafafa;border-bottom:1px solid #ddd;padding:.5em 0;z-index:2}
            h1{font-size:1.2em;margin:.2em 0}h2{margin-top:1.5em;border-bottom:2px solid #ccc}h2 small{color:#777;font-weight:normal}
            .controls label{margin-right:1.5em}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:2px 6px;vertical-align:top;text-align:left}
            .funnel td{font-variant-numeric:tabular-nums}
            article.sample{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.5em 1em}
            article h3{font-size:1em;margin:.3em 0}.tag{background:#eee;border-radius:3px;padding:0 4px;font-weight:normal;font-size:.85em}
            .score{color:#a40}.pair{display:flex;gap:1em;align-items:flex-start}
            .frame{position:relative;flex:0 0 auto;max-width:48%;line-height:0;border:1px solid #ccc}
            .frame img{max-width:100%;height:auto;display:block}
            .frame svg.boxes{position:absolute;left:0;top:0;width:100%;height:100%;display:none;pointer-events:none}
            body.boxes-on .frame svg.boxes{display:block}
            svg.boxes rect{fill:none;stroke-width:1;vector-effect:non-scaling-stroke}
            svg.boxes rect.word{stroke:#e0245e}svg.boxes rect.line{stroke:#1f6feb;stroke-dasharray:4 2}
            svg.boxes rect.block{stroke:#2da44e;stroke-width:2;fill:rgba(45,164,78,.06)}
            svg.boxes text.block-label{font:11px sans-serif;fill:#1a7f37}
            .markdown{background:#fff;border:1px solid #e5e5e5;padding:.2em .8em;margin-bottom:.5em;max-height:40em;overflow:auto}
            .markdown h4{margin:.3em 0;color:#555}.markdown .math{font-family:monospace;color:#6639ba}.markdown .tabular{display:block;white-space:pre;overflow-x:auto}
            .side{flex:1 1 auto;min-width:0}
            pre{white-space:pre-wrap;word-break:break-word;max-height:28em;overflow:auto;background:#f4f4f4;padding:.5em;margin:0 0 .5em}
            .meta{font-size:.85em;width:100%;table-layout:fixed}.meta th{font-weight:600;color:#555;width:10em}.meta td{word-break:break-all}
            .check h4{margin:.3em 0;font-size:.95em}.diff{white-space:pre-wrap;background:#f4f4f4;padding:.5em;max-height:28em;overflow:auto}
            del{background:#fcc;color:#900}ins{background:#cfc;color:#060;text-decoration:none}
            .legend{font-size:.85em;color:#555;margin:.2em 0}.problem,.error{color:#b00}
            .rejects{font-size:.85em}.rejects td:last-child{max-width:60em;word-break:break-word}
            """;

    private static final String SCRIPT = """
            (function () {
              var ns = 'http://www.w3.org/2000/svg';
              function draw(card) {
                var svg = card.querySelector('svg.boxes');
                if (!svg || svg.getAttribute('data-drawn')) return;
                var data = JSON.parse(card.querySelector('script.box-data').textContent);
                for (var i = 0; i < data.length; i++) {
                  var b = data[i], r = document.createElementNS(ns, 'rect');
                  r.setAttribute('x', b[0]); r.setAttribute('y', b[1]);
                  r.setAttribute('width', Math.max(0, b[2] - b[0])); r.setAttribute('height', Math.max(0, b[3] - b[1]));
                  r.setAttribute('class', b[4] === 'l' ? 'line' : b[4] === 'b' ? 'block ' + b[5] : 'word');
                  svg.appendChild(r);
                  if (b[4] === 'b') {
                    var t = document.createElementNS(ns, 'text');
                    t.setAttribute('x', b[0] + 2); t.setAttribute('y', b[1] + 12);
                    t.setAttribute('class', 'block-label'); t.textContent = b[5];
                    svg.appendChild(t);
                  }
                }
                svg.setAttribute('data-drawn', '1');
              }
              var boxes = document.getElementById('show-boxes');
              boxes.addEventListener('change', function () {
                document.body.classList.toggle('boxes-on', boxes.checked);
                if (boxes.checked) document.querySelectorAll('article.sample').forEach(draw);
              });
              var order = document.getElementById('order');
              function sort() {
                var byScore = order.value === 'score';
                document.querySelectorAll('.samples').forEach(function (list) {
                  var cards = Array.prototype.slice.call(list.children);
                  cards.sort(function (a, b) {
                    if (byScore) {
                      var sa = a.hasAttribute('data-score') ? parseFloat(a.getAttribute('data-score')) : Infinity;
                      var sb = b.hasAttribute('data-score') ? parseFloat(b.getAttribute('data-score')) : Infinity;
                      if (sa !== sb) return sa < sb ? -1 : 1;
                    }
                    return parseInt(a.getAttribute('data-order'), 10) - parseInt(b.getAttribute('data-order'), 10);
                  });
                  cards.forEach(function (c) { list.appendChild(c); });
                });
              }
              order.addEventListener('change', sort);
              sort();
              document.querySelectorAll('select.reason-filter').forEach(function (select) {
                select.addEventListener('change', function () {
                  var rows = select.closest('section').querySelectorAll('table.rejects tbody tr');
                  rows.forEach(function (row) {
                    row.style.display = !select.value || row.getAttribute('data-reason') === select.value ? '' : 'none';
                  });
                });
              });
            })();
            """;
}
