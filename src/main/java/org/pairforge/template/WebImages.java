package org.pairforge.template;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Pictures the web templates draw themselves, as SVG in {@code data:} URLs: a page never fetches one, and its
 * {@code KEY.html} carries them. No text inside them (a reader would find words the page's text lacks):
 * avatars are a head and shoulders on a colour, product pictures a shape on a gradient, illustrations a sketch
 * of an app window. Colours and shapes come from the page's generator.
 */
final class WebImages {
    private WebImages() {
    }

    static String avatar(SplittableRandom r) {
        int hue = r.nextInt(360);
        return uri("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>"
                + "<rect width='64' height='64' fill='" + hsl(hue, 45, 78) + "'/>"
                + "<circle cx='32' cy='25' r='12' fill='" + hsl(hue, 35, 45) + "'/>"
                + "<ellipse cx='32' cy='60' rx='22' ry='18' fill='" + hsl(hue, 35, 45) + "'/></svg>");
    }

    static String logo(SplittableRandom r, String accent) {
        String shape = switch (r.nextInt(3)) {
            case 0 -> "<circle cx='16' cy='16' r='8' fill='white'/>";
            case 1 -> "<path d='M8 24 L16 8 L24 24 Z' fill='white'/>";
            default -> "<rect x='9' y='9' width='14' height='14' rx='3' fill='white'/>";
        };
        return uri("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='8' fill='"
                + accent + "'/>" + shape + "</svg>");
    }

    /** A small square icon: a rounded tile with a glyph-like shape, decorative ({@code alt=""}). */
    static String icon(SplittableRandom r, String accent) {
        int kind = r.nextInt(4);
        String mark = switch (kind) {
            case 0 -> "<circle cx='20' cy='20' r='7' fill='none' stroke='" + accent + "' stroke-width='3'/>";
            case 1 -> "<path d='M12 21 L18 27 L29 14' fill='none' stroke='" + accent + "' stroke-width='3'/>";
            case 2 -> "<rect x='12' y='12' width='16' height='16' rx='3' fill='none' stroke='" + accent + "' stroke-width='3'/>";
            default -> "<path d='M20 10 L30 28 L10 28 Z' fill='none' stroke='" + accent + "' stroke-width='3'/>";
        };
        return uri("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 40 40'><rect width='40' height='40' rx='9' fill='"
                + accent + "' fill-opacity='0.15'/>" + mark + "</svg>");
    }

    /** A product on a soft gradient: a vase, a box, a lamp, a bottle or a chair-like block, with a shadow. */
    static String product(SplittableRandom r) {
        int hue = r.nextInt(360);
        String body = hsl((hue + 180) % 360, 40 + r.nextInt(30), 35 + r.nextInt(25));
        String shape = switch (r.nextInt(5)) {
            case 0 -> "<path d='M160 110 Q130 180 150 300 L250 300 Q270 180 240 110 Z' fill='" + body + "'/>";
            case 1 -> "<rect x='120' y='150' width='160' height='150' rx='14' fill='" + body + "'/><rect x='120' y='150' width='160' height='30' fill='black' fill-opacity='0.15'/>";
            case 2 -> "<path d='M150 120 L250 120 L280 200 L120 200 Z' fill='" + body + "'/><rect x='194' y='200' width='12' height='90' fill='" + body + "'/><rect x='160' y='290' width='80' height='12' rx='6' fill='" + body + "'/>";
            case 3 -> "<rect x='170' y='90' width='60' height='40' rx='8' fill='" + body + "'/><rect x='150' y='125' width='100' height='175' rx='30' fill='" + body + "'/>";
            default -> "<rect x='130' y='120' width='140' height='110' rx='10' fill='" + body + "'/><rect x='130' y='225' width='14' height='80' fill='" + body + "'/><rect x='256' y='225' width='14' height='80' fill='" + body + "'/>";
        };
        return uri("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 400'><defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'>"
                + "<stop offset='0' stop-color='" + hsl(hue, 60, 92) + "'/><stop offset='1' stop-color='" + hsl((hue + 40) % 360, 55, 80) + "'/>"
                + "</linearGradient></defs><rect width='400' height='400' fill='url(#g)'/>"
                + "<ellipse cx='200' cy='310' rx='110' ry='14' fill='black' fill-opacity='0.12'/>" + shape + "</svg>");
    }

    /** An app window sketched in blocks: what a landing page or a post shows as its picture. */
    static String illustration(SplittableRandom r, String accent) {
        int hue = r.nextInt(360);
        StringBuilder s = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 640 400'><defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'>"
                + "<stop offset='0' stop-color='" + hsl(hue, 70, 88) + "'/><stop offset='1' stop-color='" + accent + "'/></linearGradient></defs>"
                + "<rect width='640' height='400' fill='url(#g)'/><rect x='60' y='50' width='520' height='300' rx='14' fill='white'/>"
                + "<rect x='60' y='50' width='520' height='34' rx='14' fill='#e5e7eb'/>"
                + "<circle cx='84' cy='67' r='6' fill='#f87171'/><circle cx='104' cy='67' r='6' fill='#fbbf24'/><circle cx='124' cy='67' r='6' fill='#34d399'/>"
                + "<rect x='84' y='106' width='120' height='220' rx='8' fill='#f3f4f6'/>");
        for (int i = 0; i < 6; i++) {
            int h = 30 + r.nextInt(120);
            s.append("<rect x='").append(236 + i * 52).append("' y='").append(310 - h).append("' width='34' height='").append(h)
                    .append("' rx='4' fill='").append(accent).append("' fill-opacity='").append(String.format(Locale.ROOT, "%.2f", 0.4 + 0.1 * i)).append("'/>");
        }
        return uri(s.append("</svg>").toString());
    }

    static String hsl(int hue, int saturation, int lightness) {
        return "hsl(" + hue + " " + saturation + "% " + lightness + "%)";
    }

    /** A {@code data:} URL with the few characters an SVG's URL must escape; quotes are single inside. */
    private static String uri(String svg) {
        return "data:image/svg+xml," + svg.replace("%", "%25").replace("#", "%23").replace("<", "%3C").replace(">", "%3E")
                .replace("\"", "%22");
    }
}
