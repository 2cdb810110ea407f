package org.pairforge.page;

import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSNumber;

import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.util.List;

/**
 * Path construction and clipping operators for a text-only stream engine. PDFBox's text stripper knows no
 * path operators, so it never learns that a page clips: a line Flying Saucer paints under the bottom margin
 * (it straddles the page break and is shown on the next page) or text a figure clips away would count as
 * the page's text. With these registered, the engine's graphics state carries the real clipping path.
 * Paths are kept in page space (through the current transformation), as the clipping path is.
 */
final class ClipTracking {
    private final PDFStreamEngine engine;
    private GeneralPath path = new GeneralPath();
    private int pendingClipRule = -1;

    private ClipTracking(PDFStreamEngine engine) {
        this.engine = engine;
    }

    /** One set of operators sharing the current path, for {@code engine}. */
    static List<OperatorProcessor> operators(PDFStreamEngine engine) {
        ClipTracking t = new ClipTracking(engine);
        List<OperatorProcessor> ops = new java.util.ArrayList<>(List.of(
                t.op("m", 2, t::moveTo),
                t.op("l", 2, v -> t.lineTo(v, 0)),
                t.op("c", 6, v -> t.curveTo(t.point(v, 0), t.point(v, 2), t.point(v, 4))),
                t.op("v", 4, v -> t.curveTo(t.path.getCurrentPoint(), t.point(v, 0), t.point(v, 2))),
                t.op("y", 4, v -> t.curveTo(t.point(v, 0), t.point(v, 2), t.point(v, 2))),
                t.op("h", 0, v -> t.close()),
                t.op("re", 4, t::rectangle),
                t.op("W", 0, v -> t.pendingClipRule = Path2D.WIND_NON_ZERO),
                t.op("W*", 0, v -> t.pendingClipRule = Path2D.WIND_EVEN_ODD)));
        for (String paintOrEnd : List.of("n", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*")) {
            ops.add(t.op(paintOrEnd, 0, v -> t.endPath())); // each ends the path, and applies a pending clip
        }
        return ops;
    }

    private interface Action {
        void apply(float[] values);
    }

    private OperatorProcessor op(String name, int arity, Action action) {
        return new OperatorProcessor(engine) {
            @Override
            public void process(Operator operator, List<COSBase> operands) {
                if (operands.size() < arity) {
                    return; // a malformed operator: PDF viewers skip it as well
                }
                float[] values = new float[arity];
                for (int i = 0; i < arity; i++) {
                    if (!(operands.get(i) instanceof COSNumber number)) {
                        return;
                    }
                    values[i] = number.floatValue();
                }
                action.apply(values);
            }

            @Override
            public String getName() {
                return name;
            }
        };
    }

    private Point2D.Float point(float[] v, int i) {
        return toPage(v[i], v[i + 1]);
    }

    private Point2D.Float toPage(float x, float y) {
        return engine.getGraphicsState().getCurrentTransformationMatrix().transformPoint(x, y);
    }

    private void moveTo(float[] v) {
        Point2D.Float p = point(v, 0);
        path.moveTo(p.x, p.y);
    }

    private void lineTo(float[] v, int i) {
        Point2D.Float p = point(v, i);
        if (path.getCurrentPoint() == null) {
            path.moveTo(p.x, p.y);
        } else {
            path.lineTo(p.x, p.y);
        }
    }

    private void curveTo(Point2D c1, Point2D.Float c2, Point2D.Float end) {
        if (path.getCurrentPoint() == null) {
            path.moveTo(end.x, end.y);
            return;
        }
        Point2D first = c1 == null ? path.getCurrentPoint() : c1;
        path.curveTo(first.getX(), first.getY(), c2.x, c2.y, end.x, end.y);
    }

    private void close() {
        if (path.getCurrentPoint() != null) {
            path.closePath();
        }
    }

    private void rectangle(float[] v) {
        Point2D.Float p0 = toPage(v[0], v[1]);
        Point2D.Float p1 = toPage(v[0] + v[2], v[1]);
        Point2D.Float p2 = toPage(v[0] + v[2], v[1] + v[3]);
        Point2D.Float p3 = toPage(v[0], v[1] + v[3]);
        path.moveTo(p0.x, p0.y);
        path.lineTo(p1.x, p1.y);
        path.lineTo(p2.x, p2.y);
        path.lineTo(p3.x, p3.y);
        path.closePath();
    }

    private void endPath() {
        if (pendingClipRule >= 0) {
            path.setWindingRule(pendingClipRule);
            engine.getGraphicsState().intersectClippingPath(path);
            pendingClipRule = -1;
        }
        path = new GeneralPath();
    }
}
