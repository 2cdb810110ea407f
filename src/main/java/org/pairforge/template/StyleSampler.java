package org.pairforge.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws one document's style from a template's ranges ({@code templates/NAME/style.json}): numbers uniformly
 * within {@code [min, max]}, rounded to what a typesetter would choose; names from their lists. Font families
 * are the template's list for the content's script, kept to those installed. Same seed, same style.
 */
final class StyleSampler {
    private final JsonNode ranges;
    private final Set<String> installed;

    StyleSampler(JsonNode ranges) {
        this.ranges = ranges;
        this.installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    }

    Map<String, Object> sample(SplittableRandom random, TemplateContent content) {
        Map<String, Object> style = new LinkedHashMap<>();
        style.put("font_family", pick(random, fonts(content)));
        style.put("font_size_pt", number(random, "font_size_pt", 0.5));
        style.put("line_height", number(random, "line_height", 0.05));
        style.put("margin_cm", number(random, "margin_cm", 0.1));
        int columns = (int) Math.round(number(random, "columns", 1));
        style.put("columns", columns == 3 ? 2 : columns);
        style.put("page_size", pick(random, names("page_size")));
        style.put("heading_style", pick(random, names("heading_style")));
        style.put("paragraph_style", pick(random, names("paragraph_style")));
        return style;
    }

    int paragraphs(SplittableRandom random) {
        return (int) Math.round(number(random, "paragraphs", 1));
    }

    String engine() {
        return ranges.path("engine").asText("flying-saucer");
    }

    /**
     * The listed families for the content's script that are installed. Content in traditional characters gets
     * the listed Noto CJK families' traditional forms (the lists name the SC ones): the same design, TC.
     */
    private List<String> fonts(TemplateContent content) {
        List<String> listed = names(content.isChinese() ? "font_family.cjk" : "font_family.latin").stream()
                .map(f -> content.isTraditionalChinese() ? f.replaceFirst(" SC$", " TC") : f).toList();
        List<String> usable = listed.stream().filter(installed::contains).toList();
        if (usable.isEmpty()) {
            throw new IllegalStateException("none of the template's fonts " + listed + " is installed (run bin/setup)");
        }
        return usable;
    }

    private List<String> names(String path) {
        JsonNode node = ranges;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("template style has no '" + path + "' list");
        }
        return out;
    }

    private double number(SplittableRandom random, String field, double step) {
        JsonNode r = ranges.path(field);
        if (!r.isArray() || r.size() != 2) {
            throw new IllegalArgumentException("template style field '" + field + "' must be [min, max]");
        }
        double min = r.get(0).asDouble();
        double max = r.get(1).asDouble();
        double v = min + random.nextDouble() * (max - min);
        return Math.round(Math.round(v / step) * step * 1000) / 1000.0;
    }

    private static String pick(SplittableRandom random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
