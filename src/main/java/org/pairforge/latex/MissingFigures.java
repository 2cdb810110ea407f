package org.pairforge.latex;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * arXiv sources often lack a figure. Rather than lose the paper, every {@code \includegraphics} whose file is
 * not in the project gets a plain grey placeholder of the type it asks for, and the pages it lands on are
 * marked in their metadata. References built from macros cannot be resolved before compiling; if one of
 * those is missing, TeX's error names it and the paper is rejected with that name.
 */
final class MissingFigures {
    private MissingFigures() {
    }

    /** A figure that was not there: its name as written, and the file and line that asked for it. */
    record Missing(String name, Path file, int line) {
    }

    private static final Pattern INCLUDE = Pattern.compile("\\\\includegraphics\\s*(?:\\[[^]]*])?\\s*\\{([^}\\\\#]+)}");
    private static final Pattern GRAPHICSPATH = Pattern.compile("\\\\graphicspath\\s*\\{((?:\\s*\\{[^}]*}\\s*)+)}");
    private static final Pattern PATH_ITEM = Pattern.compile("\\{([^}]*)}");
    /** .eps too: {@link EpsFigures} converts them before pdfLaTeX runs. */
    private static final List<String> PDFLATEX_TYPES = List.of(".pdf", ".png", ".jpg", ".jpeg", ".jbig2", ".jb2", ".mps", ".eps");
    private static final List<String> XELATEX_TYPES = List.of(".pdf", ".png", ".jpg", ".jpeg", ".eps", ".ps", ".bmp");

    static List<Missing> fill(Path project, MainFile main) throws IOException {
        Path dir = main.file().getParent();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(project)) {
            sources = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tex"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        List<String> searchPath = new ArrayList<>(List.of(""));
        List<String[]> wanted = new ArrayList<>(); // {name, file, line}
        for (Path source : sources) {
            String text = TexSource.withoutComments(TexSource.read(source, 8 << 20));
            Matcher gp = GRAPHICSPATH.matcher(text);
            while (gp.find()) {
                Matcher item = PATH_ITEM.matcher(gp.group(1));
                while (item.find()) {
                    searchPath.add(item.group(1).trim());
                }
            }
            Matcher inc = INCLUDE.matcher(text);
            while (inc.find()) {
                int line = 1 + (int) text.substring(0, inc.start()).chars().filter(c -> c == '\n').count();
                wanted.add(new String[]{inc.group(1).trim(), source.toString(), Integer.toString(line)});
            }
        }
        List<String> types = main.engine() == TexEngine.XELATEX ? XELATEX_TYPES : PDFLATEX_TYPES;
        List<Missing> missing = new ArrayList<>();
        for (String[] w : wanted) {
            String name = w[0];
            if (name.isEmpty() || exists(dir, searchPath, name, types)) {
                continue;
            }
            Path placeholder = placeholderPath(dir, name);
            if (placeholder == null || !placeholder.startsWith(project)) {
                continue; // an odd name (outside the copy, an unknown type): TeX's error will name it
            }
            if (!Files.exists(placeholder)) {
                Files.createDirectories(placeholder.getParent());
                write(placeholder);
            }
            missing.add(new Missing(name, Path.of(w[1]), Integer.parseInt(w[2])));
        }
        return missing;
    }

    private static boolean exists(Path dir, List<String> searchPath, String name, List<String> types) {
        for (String prefix : searchPath) {
            Path base = dir.resolve(prefix + name).normalize();
            if (Files.isRegularFile(base)) {
                return true;
            }
            for (String t : types) {
                if (Files.isRegularFile(Path.of(base + t)) || Files.isRegularFile(Path.of(base + t.toUpperCase(Locale.ROOT)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path placeholderPath(Path dir, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Path target = dir.resolve(name).normalize();
        if (lower.endsWith(".pdf") || lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return target;
        }
        int slash = lower.lastIndexOf('/');
        return lower.indexOf('.', slash + 1) < 0 ? Path.of(target + ".pdf") : null;
    }

    /** A plain grey figure of the type the file name says (PDF, PNG or JPEG). */
    static void write(Path target) throws IOException {
        String lower = target.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            try (PDDocument doc = new PDDocument()) {
                PDPage page = new PDPage(new PDRectangle(288, 216));
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.setNonStrokingColor(0.85f, 0.85f, 0.85f);
                    content.addRect(0, 0, 288, 216);
                    content.fill();
                }
                doc.save(target.toFile());
            }
            return;
        }
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(217, 217, 217));
        g.fillRect(0, 0, 400, 300);
        g.dispose();
        ImageIO.write(image, lower.endsWith(".png") ? "png" : "jpeg", target.toFile());
    }
}
