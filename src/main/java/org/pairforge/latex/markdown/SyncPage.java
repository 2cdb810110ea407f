package org.pairforge.latex.markdown;

import org.pairforge.markdown.FontStyle;
import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One page's SyncTeX records in image pixels: which source line each printed word came from, and where TeX
 * was in math mode (between a math-on and a math-off node), so that a formula's glyphs can be told from
 * the text around them.
 */
final class SyncPage {
    /** A record placed on the image: {@code x}, {@code v} (baseline) and the box's extent, in pixels. */
    record Mark(char type, int file, int line, float x, float v, float w, float h, float d, int depth, int parent) {
    }

    /**
     * Where TeX was in math mode on this page: a math-on and its math-off, on one line or (a formula broken
     * at a relation) across two. Each piece is a strip of a line box.
     */
    record Region(int index, int file, int line, List<float[]> pieces) {
        /** Whether a glyph (centre x, baseline) lies in the region. */
        boolean contains(float x, float baseline) {
            for (float[] p : pieces) {
                if (x >= p[0] && x <= p[1] && baseline >= p[2] && baseline <= p[3]) {
                    return true;
                }
            }
            return false;
        }

        float width() {
            float w = 0;
            for (float[] p : pieces) {
                w += p[1] - p[0];
            }
            return w;
        }
    }

    /** A word's source: the project file and line SyncTeX names for the records on it, or file -1. */
    record Tag(int file, int line) {
        static final Tag NONE = new Tag(-1, 0);
    }

    private final List<Mark> marks;
    private final Mark[] byV;
    private final float[] vs;
    final List<Region> regions;

    private SyncPage(List<Mark> marks, List<Region> regions) {
        this.marks = marks;
        this.byV = marks.stream().filter(m -> m.type() != '[' && m.type() != ']').sorted(Comparator.comparingDouble(Mark::v))
                .toArray(Mark[]::new);
        this.vs = new float[byV.length];
        for (int i = 0; i < byV.length; i++) {
            vs[i] = byV[i].v();
        }
        this.regions = regions;
    }

    /**
     * @param fileMap SyncTeX's file index → the walk's file index (or -1 for a file the walk never read)
     * @param scale   image pixels per PDF point
     */
    static SyncPage of(List<SyncTexRecords.Entry> entries, double unitToPoints, double scale, int[] fileMap,
                       List<LaidWord> words) {
        double k = unitToPoints * scale;
        List<Mark> marks = new ArrayList<>(entries.size());
        for (SyncTexRecords.Entry e : entries) {
            int file = e.file() >= 0 && e.file() < fileMap.length ? fileMap[e.file()] : -1;
            marks.add(new Mark(e.type(), file, e.line(), (float) (e.x() * k), (float) (e.v() * k), (float) (e.w() * k),
                    (float) (e.h() * k), (float) (e.d() * k), e.depth(), e.parent()));
        }
        return new SyncPage(marks, regions(marks, words));
    }

    /**
     * Math on and off nodes, per line box, in order: on, off, on, off... except that TeX discards a math-on
     * that starts a line (a formula at a line's start leaves only its math-off there), and a formula broken at
     * a line's end opens on one line and closes on the next. A line box carries the open formula over to the
     * next line; a line with an odd number of nodes and nothing carried over either starts inside a formula
     * or ends inside one: whichever pairing puts more glyphs of math fonts inside formulas is taken.
     */
    private static List<Region> regions(List<Mark> marks, List<LaidWord> words) {
        Map<Integer, List<Integer>> byBox = new java.util.LinkedHashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            if (marks.get(i).type() == '$') {
                byBox.computeIfAbsent(marks.get(i).parent(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Region> out = new ArrayList<>();
        List<float[]> pending = null;
        Mark pendingOn = null;
        Mark pendingBox = null;
        for (Map.Entry<Integer, List<Integer>> e : byBox.entrySet()) {
            Mark box = e.getKey() >= 0 ? marks.get(e.getKey()) : null;
            List<Mark> ms = new ArrayList<>();
            for (int i : e.getValue()) {
                ms.add(marks.get(i));
            }
            float left = box != null ? box.x() : ms.get(0).x() - 1e4f;
            float right = box != null ? box.x() + box.w() : ms.get(ms.size() - 1).x() + 1e4f;
            boolean carried = pending != null && box != null && pendingBox != null
                    && box.parent() == pendingBox.parent() && box.v() > pendingBox.v();
            boolean startOpen;
            if (carried) {
                startOpen = true;
            } else {
                pending = null;
                startOpen = ms.size() % 2 == 1 && mathShare(words, ms, box, left, right, true)
                        > mathShare(words, ms, box, left, right, false);
            }
            int k = 0;
            if (startOpen) {
                float[] piece = strip(left, ms.get(0).x(), box, ms.get(0).v());
                List<float[]> pieces = pending != null ? new ArrayList<>(pending) : new ArrayList<>();
                pieces.add(piece);
                Mark tag = pendingOn != null && pending != null ? pendingOn : ms.get(0);
                out.add(new Region(out.size(), tag.file(), tag.line(), pieces));
                k = 1;
            }
            pending = null;
            pendingOn = null;
            for (; k + 1 < ms.size(); k += 2) {
                Mark a = ms.get(k), b = ms.get(k + 1);
                if (b.x() - a.x() < 0.5f) {
                    continue; // an empty formula, or a tabular's own math mode around nothing
                }
                out.add(new Region(out.size(), a.file(), a.line(), new ArrayList<>(List.of(strip(a.x(), b.x(), box, a.v())))));
            }
            if (k < ms.size()) {
                pending = new ArrayList<>(List.of(strip(ms.get(k).x(), right, box, ms.get(k).v())));
                pendingOn = ms.get(k);
                pendingBox = box;
            }
        }
        if (pending != null && pendingOn != null) {
            out.add(new Region(out.size(), pendingOn.file(), pendingOn.line(), pending));
        }
        return out;
    }

    /** The share of glyphs in math fonts inside the formulas one pairing of an odd line makes. */
    private static float mathShare(List<LaidWord> words, List<Mark> ms, Mark box, float left, float right, boolean startOpen) {
        List<float[]> pieces = new ArrayList<>();
        int k = 0;
        if (startOpen) {
            pieces.add(strip(left, ms.get(0).x(), box, ms.get(0).v()));
            k = 1;
        }
        for (; k + 1 < ms.size(); k += 2) {
            pieces.add(strip(ms.get(k).x(), ms.get(k + 1).x(), box, ms.get(k).v()));
        }
        if (k < ms.size()) {
            pieces.add(strip(ms.get(k).x(), right, box, ms.get(k).v()));
        }
        int math = 0, all = 0;
        for (LaidWord w : words) {
            for (LaidGlyph g : w.glyphs()) {
                float cx = (g.x0() + g.x1()) / 2f;
                for (float[] p : pieces) {
                    if (cx >= p[0] && cx <= p[1] && g.baseline() >= p[2] && g.baseline() <= p[3]) {
                        all++;
                        math += FontStyle.isMath(g.font()) ? 1 : 0;
                        break;
                    }
                }
            }
        }
        return all == 0 ? 0 : (float) math / all;
    }

    /** {x from, x to, baseline from, baseline to}: glyphs whose baseline lies in the line box count. */
    private static float[] strip(float x0, float x1, Mark box, float v) {
        float up = box != null ? Math.max(box.h(), 4) : 8;
        float down = box != null ? Math.max(box.d(), 2) : 4;
        float v0 = box != null ? box.v() : v;
        return new float[]{Math.min(x0, x1) - 0.5f, Math.max(x0, x1) + 0.5f, v0 - up, v0 + down};
    }

    /**
     * The page's text area (the output routine's body box: columns, floats and footnotes, without running
     * heads and page numbers), as {x0, y0, x1, y1} in pixels, or null when SyncTeX has no such box: among
     * the tall vertical boxes, the innermost that is still page-wide (a column is not).
     */
    float[] body() {
        float tallest = 0;
        for (Mark m : marks) {
            if (m.type() == '[') {
                tallest = Math.max(tallest, m.h() + m.d());
            }
        }
        if (tallest <= 0) {
            return null;
        }
        float widest = 0;
        for (Mark m : marks) {
            if (m.type() == '[' && m.h() + m.d() >= 0.5f * tallest) {
                widest = Math.max(widest, m.w());
            }
        }
        Mark best = null;
        for (Mark m : marks) {
            if (m.type() == '[' && m.h() + m.d() >= 0.5f * tallest && m.w() >= 0.6f * widest
                    && (best == null || m.depth() > best.depth())) {
                best = m;
            }
        }
        return best == null ? null : new float[]{best.x(), best.v() - best.h(), best.x() + best.w(), best.v() + best.d()};
    }

    /**
     * The source line of a printed word: the line most records on its baseline within its width name,
     * else the nearest record on its baseline.
     */
    Tag tag(LaidWord w) {
        float baseline = baseline(w);
        float height = Math.max(2, w.box().y1() - w.box().y0());
        float tol = Math.max(1.5f, height * 0.3f);
        int from = lower(baseline - tol);
        Map<Tag, Integer> votes = new HashMap<>();
        Mark nearest = null;
        float nearestDistance = Float.MAX_VALUE;
        for (int i = from; i < byV.length && byV[i].v() <= baseline + tol; i++) {
            Mark m = byV[i];
            if (m.type() == '(' || m.type() == 'v' || m.type() == 'h' && m.w() > 0) {
                continue; // a box's record stands at its left edge, not at a character
            }
            float dx = m.x() < w.box().x0() ? w.box().x0() - m.x() : m.x() > w.box().x1() ? m.x() - w.box().x1() : 0;
            if (dx <= 1.5f) {
                votes.merge(new Tag(m.file(), m.line()), 1, Integer::sum);
            } else if (dx < nearestDistance) {
                nearestDistance = dx;
                nearest = m;
            }
        }
        if (!votes.isEmpty()) {
            Tag best = null;
            int bestVotes = -1;
            for (Map.Entry<Tag, Integer> e : votes.entrySet()) {
                Tag t = e.getKey();
                int v = e.getValue() + (t.file() >= 0 ? 1000 : 0); // a project line outvotes a class file's
                if (v > bestVotes || v == bestVotes && (t.file() < best.file() || t.file() == best.file() && t.line() < best.line())) {
                    best = t;
                    bestVotes = v;
                }
            }
            return best;
        }
        if (nearest != null && nearestDistance < height * 6) {
            return new Tag(nearest.file(), nearest.line());
        }
        // no record on the baseline: the line box holding the word (a display set in a box of its own)
        Mark box = enclosingBox(w);
        return box != null ? new Tag(box.file(), box.line()) : Tag.NONE;
    }

    private Mark enclosingBox(LaidWord w) {
        float cx = (w.box().x0() + w.box().x1()) / 2f;
        float cy = (w.box().y0() + w.box().y1()) / 2f;
        Mark best = null;
        for (Mark m : marks) {
            if (m.type() != '(') {
                continue;
            }
            if (cx >= m.x() && cx <= m.x() + m.w() && cy >= m.v() - m.h() - 1 && cy <= m.v() + m.d() + 1) {
                if (best == null || m.depth() > best.depth()) {
                    best = m;
                }
            }
        }
        return best;
    }

    private int lower(float v) {
        int i = Arrays.binarySearch(vs, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && vs[i - 1] >= v) {
            i--;
        }
        return i;
    }

    static float baseline(LaidWord w) {
        if (w.glyphs().isEmpty()) {
            return w.box().y1();
        }
        float[] b = new float[w.glyphs().size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = w.glyphs().get(i).baseline();
        }
        Arrays.sort(b);
        return b[b.length / 2];
    }

    /** The regions a glyph lies in, outermost first (regions are listed in the order TeX opened them). */
    List<Region> regionsOf(LaidGlyph g) {
        List<Region> out = null;
        float cx = (g.x0() + g.x1()) / 2f;
        for (Region r : regions) {
            if (r.contains(cx, g.baseline())) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(r);
            }
        }
        if (out == null) {
            return List.of();
        }
        out.sort(Comparator.comparingDouble(Region::width).reversed().thenComparingInt(Region::index));
        return out;
    }
}
