package org.pairforge.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;
import org.pairforge.browser.BrowserPool;
import org.pairforge.browser.HermeticSite;
import org.pairforge.browser.HtmlCharset;
import org.pairforge.browser.WorkerPages;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.core.Hashing;
import org.pairforge.core.PairforgeVersion;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.page.WordBox;
import org.pairforge.core.SourceData;
import org.pairforge.image.ImageProbe;

import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A web page (an .html file with its folder, or a JSON Lines row's HTML) → one pair per viewport: the
 * screenshot of the whole page (up to {@code --max-height}) or of its first screen, the page's code made
 * self-contained ({@code KEY.html}), and what the image shows and nothing more: its words ({@code KEY.txt}, word
 * and line boxes), its elements' boxes as a tree, its Markdown and blocks ({@link WebMarkdown}). Rendered on this thread's pooled Chromium in a fresh
 * context that is offline, sees only the page's folder ({@link HermeticSite}), and runs no script unless
 * asked. A page that hangs or crashes the browser is a rejection; the browser is replaced and the run goes on.
 */
public final class WebPairs implements Extractor {
    public static final String KIND = "web-page";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * What the image shows, measured in the page in one round trip (document coordinates = image pixels, as
     * the shot starts at the page's top left): every word whose box lies wholly inside the image and inside
     * whatever clips it (an {@code overflow} ancestor), the lines they make, the text they make in DOM order
     * (blocks on their own lines, cells tab-separated, as {@code innerText} does), and every rendered, visible
     * element's box clipped the same way, as a tree. A run of characters that wraps (CJK text has no spaces)
     * is cut at its line breaks. Runs even with JavaScript off (Playwright evaluates through the DevTools
     * protocol, not the page's own scripts).
     */
    private static final String MEASURE = """
            async ([fullPage, maxHeight, vw, vh]) => {
              await document.fonts.ready; // web fonts change every box, and the screenshot
              // No blinking caret in an autofocused field (as Playwright's own screenshots do it).
              const caret = document.createElement('style');
              caret.textContent = '*{caret-color:transparent !important}';
              (document.head || document.documentElement).appendChild(caret);
              const de = document.documentElement, body = document.body;
              const pageH = Math.max(de.scrollHeight, body ? body.scrollHeight : 0);
              const pageW = Math.max(de.scrollWidth, body ? body.scrollWidth : 0);
              const W = vw, H = fullPage ? Math.min(Math.max(pageH, vh), maxHeight) : vh;
              const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'HEAD', 'META', 'LINK']);
              const ROLE = {A: 'link', BUTTON: 'button', H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading',
                H5: 'heading', H6: 'heading', IMG: 'img', SVG: 'img', NAV: 'navigation', HEADER: 'banner', FOOTER: 'contentinfo',
                MAIN: 'main', ASIDE: 'complementary', UL: 'list', OL: 'list', LI: 'listitem', TABLE: 'table', TR: 'row',
                TH: 'columnheader', TD: 'cell', FORM: 'form', SELECT: 'combobox', TEXTAREA: 'textbox', DIALOG: 'dialog',
                ARTICLE: 'article', P: 'paragraph', LABEL: 'label', HR: 'separator', PROGRESS: 'progressbar'};
              const INPUT = {checkbox: 'checkbox', radio: 'radio', range: 'slider', button: 'button', submit: 'button',
                reset: 'button', search: 'searchbox', number: 'spinbutton'};
              // element -> {uid, cs, kind, rect, clipKids (what clips its children, inside the image), index (its own, or
              // its nearest listed ancestor's, in elements), self (its entry, when listed), words (its own shown words)}
              const info = new Map();
              const inter = (a, b) => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
              const elements = [];
              let uid = 0;
              const image = [0, 0, W, H];
              // Elements in document order; a hidden subtree is skipped whole, visibility:hidden only the element.
              const visit = (el, parentInfo) => {
                if (SKIP.has(el.tagName.toUpperCase())) return;
                const cs = getComputedStyle(el);
                if (cs.display === 'none' || parseFloat(cs.opacity) === 0) return;
                const d = cs.display;
                const kind = d === 'inline' || d === 'contents' ? 'inline' : d.startsWith('inline') ? 'atom'
                    : d === 'table-cell' ? 'cell' : 'block';
                const r = el.getBoundingClientRect();
                const rect = [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY];
                const clip = parentInfo ? parentInfo.clipKids : image;
                const box = inter(rect, clip);
                const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible' || cs.contain.includes('paint');
                const me = {uid: uid++, cs, kind, rect, clipKids: clips ? inter(box, clip) : clip, index: parentInfo ? parentInfo.index : null,
                  words: []};
                const shown = cs.visibility === 'visible' && d !== 'contents' && r.width >= 1 && r.height >= 1
                    && box[2] - box[0] >= 1 && box[3] - box[1] >= 1;
                if (shown) {
                  const x0 = Math.floor(box[0]), y0 = Math.floor(box[1]), x1 = Math.ceil(box[2]), y1 = Math.ceil(box[3]);
                  const tag = el.tagName.toLowerCase();
                  let role = el.getAttribute('role');
                  if (!role) role = tag === 'input' ? (INPUT[(el.getAttribute('type') || 'text').toLowerCase()] || 'textbox')
                      : ROLE[el.tagName.toUpperCase()] || null;
                  const e = {tag, role, x0, y0, x1, y1, parent: me.index};
                  if (el.hasAttribute('id')) e.id = el.getAttribute('id');
                  if (el.hasAttribute('class')) e['class'] = el.getAttribute('class');
                  if (tag === 'img' && el.hasAttribute('alt')) e.alt = el.getAttribute('alt');
                  me.index = elements.length;
                  me.self = e;
                  elements.push(e);
                }
                info.set(el, me);
                // Children pushed last-first, so they come off the stack in document order.
                for (let i = el.children.length - 1; i >= 0; i--) pending.push([el.children[i], me]);
              };
              // A stack, not recursion: a page nested thousands deep would overflow the script's call stack.
              const pending = [[de, null]];
              while (pending.length) { const [el, parentInfo] = pending.pop(); visit(el, parentInfo); }
              const words = [], lines = [], marks = [], pictures = [];
              // What a word is part of, for the page's Markdown: [type, block, a, b, table, row, column, rowspan,
              // colspan] (a: heading level, list depth or header cell; b: an ordered item's number), innermost first.
              const structOf = (el, elChain) => {
                let type = 'p', block = elChain[0], a = 0, b = 0, table = -1, row = 0, col = 0, rs = 1, cspan = 1;
                for (let e = el; e && e !== body && e !== de; e = e.parentElement) {
                  const t = e.tagName;
                  if (/^H[1-6]$/.test(t)) { type = 'h'; block = e; a = +t[1]; break; }
                  if (t === 'PRE') { type = 'code'; block = e; break; }
                  if (t === 'TD' || t === 'TH') {
                    const tr = e.parentElement, tb = e.closest('table');
                    if (tr && tr.tagName === 'TR' && tb && info.has(tb)) {
                      type = 'cell'; block = e; table = info.get(tb).uid; row = tr.rowIndex;
                      for (const c of tr.cells) { if (c === e) break; col += c.colSpan; }
                      rs = e.rowSpan; cspan = e.colSpan; a = t === 'TH' ? 1 : 0;
                    }
                    break;
                  }
                  if (t === 'LI') {
                    type = 'li'; block = e;
                    let d = 0;
                    for (let p = e.parentElement; p; p = p.parentElement) if (p.tagName === 'UL' || p.tagName === 'OL') d++;
                    a = Math.max(0, d - 1);
                    const list = e.parentElement;
                    if (list && list.tagName === 'OL') { let n = list.start || 1; for (const s of list.children) { if (s === e) break; if (s.tagName === 'LI') n++; } b = n; }
                    break;
                  }
                  if (t === 'FIGCAPTION' || t === 'CAPTION') { type = 'caption'; block = e; break; }
                  if (t === 'BLOCKQUOTE') { type = 'quote'; break; }
                }
                return [type, block && info.has(block) ? info.get(block).uid : -1, a, b, table, row, col, rs, cspan];
              };
              let text = '', prev = null, endedWithSpace = true;
              // The strongest boundary between two words: a block (new line), a table cell (tab), an inline box (space).
              const chain = el => { const out = []; for (let e = el; e && info.has(e); e = e.parentElement) if (info.get(e).kind !== 'inline') out.push(e); return out; };
              const separator = (a, b, space) => {
                const inA = new Set(a);
                let sep = space;
                for (const e of b) { if (inA.has(e)) break; const k = info.get(e).kind; if (k === 'block') return '\\n'; if (k === 'cell') sep = '\\t'; else if (k === 'atom' && sep !== '\\t') sep = ' '; }
                for (const e of a) { if (b.includes(e)) break; const k = info.get(e).kind; if (k === 'block') return '\\n'; if (k === 'cell') sep = '\\t'; else if (k === 'atom' && sep !== '\\t') sep = ' '; }
                return sep;
              };
              const range = document.createRange();
              // The words of one text node (or a form control's mirror of its shown text), in DOM order.
              const emit = (n, el, me, limit) => {
                const t = n.textContent;
                let line = null;
                const pieces = [];
                // Newlines that preformatted text keeps are line breaks in the text too.
                const keepsLines = /^(pre|pre-wrap|pre-line|break-spaces)$/.test(me.cs.whiteSpace);
                let lastEnd = 0;
                for (const m of t.matchAll(/\\S+/g)) {
                  range.setStart(n, m.index);
                  range.setEnd(n, m.index + m[0].length);
                  const rects = range.getClientRects();
                  const space = m.index > 0 ? (keepsLines && t.slice(lastEnd, m.index).includes('\\n') ? '\\n' : ' ')
                      : endedWithSpace ? ' ' : '';
                  lastEnd = m.index + m[0].length;
                  if (rects.length <= 1) {
                    // One line's box is the bounding box: a second layout query per word saved (a tenth of this script).
                    pieces.push([rects.length ? rects[0] : range.getBoundingClientRect(), m[0], space]);
                    continue;
                  }
                  // Wrapped: one piece per line, cut where a character starts a new line.
                  let from = 0, top = null, acc = null, off = 0;
                  const cps = Array.from(m[0]);
                  for (let i = 0; i < cps.length; i++) {
                    range.setStart(n, m.index + off);
                    range.setEnd(n, m.index + off + cps[i].length);
                    const r = range.getBoundingClientRect();
                    if (acc && r.width > 0 && Math.abs(r.top - top) > r.height / 2) {
                      pieces.push([acc, cps.slice(from, i).join(''), from === 0 ? space : '']);
                      from = i; acc = null;
                    }
                    if (r.width > 0) {
                      if (!acc) { acc = {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: 1, height: 1}; top = r.top; }
                      else { acc.left = Math.min(acc.left, r.left); acc.right = Math.max(acc.right, r.right); acc.bottom = Math.max(acc.bottom, r.bottom); }
                    }
                    off += cps[i].length;
                  }
                  if (acc) pieces.push([acc, cps.slice(from).join(''), from === 0 ? space : '']);
                }
                endedWithSpace = /\\s$/.test(t) || (t.length === 0 && endedWithSpace);
                const elChain = chain(el);
                const struct = structOf(el, elChain);
                // The listed element whose own text these words are (the nearest listed ancestor of an unlisted one).
                let owner = el;
                while (owner && !info.get(owner).self) owner = owner.parentElement;
                const own = owner ? info.get(owner).words : null;
                const style = (parseInt(me.cs.fontWeight) >= 600 ? 1 : 0) | (/italic|oblique/.test(me.cs.fontStyle) ? 2 : 0);
                const tt = me.cs.textTransform; // the image shows the transformed text, as innerText gives it
                for (let [r, w, space] of pieces) {
                  if (r.width < 1 || r.height < 1) continue;
                  if (tt === 'uppercase') w = w.toUpperCase();
                  else if (tt === 'lowercase') w = w.toLowerCase();
                  else if (tt === 'capitalize') w = w.charAt(0).toUpperCase() + w.slice(1);
                  const x0 = r.left + scrollX, x1 = r.right + scrollX;
                  let y0 = r.top + scrollY, y1 = r.bottom + scrollY;
                  // A range's box is the font's whole content area, taller than the line where line-height is tight
                  // (CJK fonts by half an em): held to the block's box when it passes it by less than a third.
                  const block = elChain[0];
                  if (block) {
                    const b = info.get(block).rect, slack = (y1 - y0) / 3;
                    if (y0 < b[1] && b[1] - y0 <= slack) y0 = b[1];
                    if (y1 > b[3] && y1 - b[3] <= slack) y1 = b[3];
                  }
                  // Shown only when wholly inside the image and what clips it (a pixel of rounding allowed for clips).
                  if (x0 < 0 || y0 < 0 || x1 > W || y1 > H) continue;
                  if (x0 < limit[0] - 1 || y0 < limit[1] - 1 || x1 > limit[2] + 1 || y1 > limit[3] + 1) continue;
                  const box = [Math.round(x0), Math.round(y0), Math.round(x1), Math.round(y1), w];
                  words.push(box);
                  // The last part: 1 when the word is printed against the one before it ("<i>Anderson</i>,"), as the text has it.
                  const sep = prev ? separator(prev, elChain, space) : null;
                  marks.push(struct.concat([style, sep === '' ? 1 : 0]));
                  if (prev) text += sep;
                  text += w;
                  prev = elChain;
                  if (own) own.push((own.length && space ? ' ' : '') + w);
                  if (line && Math.abs(line[1] - box[1]) < Math.max(2, (box[3] - box[1]) / 2) && box[0] >= line[2] - 1) {
                    line[2] = Math.max(line[2], box[2]); line[3] = Math.max(line[3], box[3]); line[4] += (space ? ' ' : '') + w;
                  } else {
                    line = box.slice();
                    lines.push(line);
                  }
                }
              };
              // A form control draws its value, placeholder or chosen option without a text node of its own: the
              // text is laid out in a hidden twin with the control's box and font (the textarea-caret technique).
              const TEXTUAL = new Set(['text', 'email', 'search', 'tel', 'url', 'number', 'password', 'button', 'submit', 'reset']);
              const shownValue = el => {
                const t = el.tagName;
                if (t === 'SELECT') { if (el.multiple || el.size > 1) return ''; const o = el.options[el.selectedIndex]; return o ? o.text : ''; }
                if (t === 'TEXTAREA') return el.value || el.placeholder || '';
                if (t === 'INPUT' && TEXTUAL.has(el.type)) return el.type === 'password' && el.value ? '\u2022'.repeat(el.value.length)
                    : el.value || (['button', 'submit', 'reset'].includes(el.type) ? '' : el.placeholder || '');
                return '';
              };
              const control = (el, me) => {
                const value = shownValue(el);
                if (!value.trim()) return;
                const cs = me.cs, r = el.getBoundingClientRect();
                const twin = document.createElement('div');
                for (const p of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontStretch', 'letterSpacing', 'wordSpacing',
                  'textTransform', 'textIndent', 'textAlign', 'lineHeight', 'paddingTop', 'paddingRight', 'paddingBottom',
                  'paddingLeft', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'direction', 'tabSize']) {
                  twin.style[p] = cs[p];
                }
                Object.assign(twin.style, {position: 'absolute', left: (r.left + scrollX) + 'px', top: (r.top + scrollY) + 'px',
                  width: r.width + 'px', height: r.height + 'px', boxSizing: 'border-box', borderStyle: 'solid', margin: '0',
                  borderColor: 'transparent', overflow: 'hidden', visibility: 'hidden', pointerEvents: 'none'});
                if (el.tagName === 'TEXTAREA') Object.assign(twin.style, {whiteSpace: 'pre-wrap', overflowWrap: 'break-word'});
                else Object.assign(twin.style, {whiteSpace: 'pre', display: 'flex', alignItems: 'center',
                  justifyContent: el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type) ? 'center' : 'flex-start'});
                const node = document.createTextNode(value);
                twin.appendChild(node);
                de.appendChild(twin);
                const pl = parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth), pr = parseFloat(cs.paddingRight) + parseFloat(cs.borderRightWidth);
                const box = [r.left + scrollX + pl, r.top + scrollY, r.right + scrollX - pr, r.bottom + scrollY];
                try { emit(node, el, me, inter(box, me.clipKids)); } finally { twin.remove(); }
              };
              const walker = document.createTreeWalker(de, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (n.nodeType === 1) {
                  const me = info.get(n);
                  if (me && me.cs.visibility === 'visible' && (n.tagName === 'INPUT' || n.tagName === 'TEXTAREA' || n.tagName === 'SELECT')) {
                    control(n, me);
                  } else if (me && me.self && n.tagName === 'IMG') {
                    pictures.push([me.self.x0, me.self.y0, me.self.x1, me.self.y1, n.getAttribute('alt') || '', words.length, n.getAttribute('src') || '']);
                  }
                  continue;
                }
                const el = n.parentElement;
                const me = el && info.get(el);
                if (!me || me.cs.visibility !== 'visible' || ['TEXTAREA', 'OPTION', 'OPTGROUP', 'SELECT'].includes(el.tagName)) continue;
                emit(n, el, me, me.clipKids);
              }
              for (const me of info.values()) if (me.self && me.words.length) me.self.text = me.words.join('');
              // One JSON string: Playwright would otherwise wrap every number and word of the boxes in its own
              // serialization, which the driver and the JVM then parse value by value.
              return JSON.stringify({lines, words, marks, pictures, elements, height: pageH, width: pageW, imageHeight: H, text});
            }""";

    private final WebOptions options;

    private final BrowserPool browsers;

    /** @param browsers where each thread's browser comes from; its owner closes it */
    public WebPairs(WebOptions options, BrowserPool browsers) {
        this.options = options;
        this.browsers = browsers;
        this.pages = new WorkerPages(options.javaScript());
    }

    @Override
    public Extraction extract(SourceData input) {
        String id = input.ref().id();
        String keyPrefix = Hashing.sourceKey(id);
        Path file = input.location();
        Path root = file == null ? null : input.tree().toAbsolutePath().normalize();
        HermeticSite site = new HermeticSite(root, options.maxFileBytes(), options.vendored());
        String url = site.serve(file == null ? "index.html" : root.relativize(file.toAbsolutePath().normalize()).toString()
                .replace(java.io.File.separatorChar, '/'), input.content());
        // A file is bytes in its own encoding; a JSON Lines row's HTML was text already (UTF-8 from the JSON).
        String html = file == null ? new String(input.content(), StandardCharsets.UTF_8) : HtmlCharset.decode(input.content());
        String selfContained = SelfContainedHtml.of(html, file == null ? null : file.toAbsolutePath().normalize(), root,
                options.maxFileBytes(), options.vendored());
        Map<String, Object> templateMeta = new LinkedHashMap<>();
        putTemplateMeta(templateMeta, html); // once per input, not per viewport

        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Viewport viewport : options.viewports()) {
            String key = keyPrefix + "_" + viewport;
            try {
                Shot shot = browsers.withBrowser(options.pageTimeout(), chromium -> shoot(chromium.browser(), site, url, html, viewport));
                EncodedImage image = ImageProbe.probe(shot.image(), options.format().equals("png") ? "image/png" : "image/jpeg");
                Rejection refused = null;
                if (shot.markdown() != null) {
                    counts.merge(shot.markdown().countName(), 1, Integer::sum);
                    refused = shot.markdown().refusal(options.markdown(), id, key, "the page at " + viewport);
                }
                if (refused != null) {
                    rejections.add(refused);
                } else {
                    samples.add(sample(input, key, viewport, shot, image, selfContained, templateMeta, site.refused()));
                }
            } catch (TimeoutError e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "page_timeout", "the page did not load within "
                        + options.pageTimeout().toMillis() + " ms at " + viewport + " (--page-timeout)"));
            } catch (UnreadableBoxes e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "unreadable_text_boxes", e.getMessage()
                        + " at " + viewport));
            } catch (BrowserPool.Hung e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "page_timeout", "the page kept the browser busy past "
                        + options.pageTimeout().toMillis() + " ms at " + viewport + " (--page-timeout); " + e.getMessage()));
            } catch (PlaywrightException e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "page_crashed", "Chromium failed on the page at "
                        + viewport + ": " + org.pairforge.browser.Chromium.reason(e)));
            }
        }
        return new Extraction(true, options.viewports().size(), samples, rejections, Map.of(), counts);
    }

    /** One viewport's screenshot and what the page says about what it shows. */
    private record Shot(byte[] image, int width, int height, int pageWidth, int pageHeight, String text,
                        List<WordBox> lines, List<WordBox> words, List<Map<String, Object>> elements,
                        org.pairforge.markdown.PageMarkdown markdown) {
        /** The image leaves part of the page out: cut at --max-height, the first screen only, or a page wider than the viewport. */
        boolean cropsPage() {
            return pageHeight > height || pageWidth > width;
        }
    }

    private final WorkerPages pages;

    private Shot shoot(Browser browser, HermeticSite site, String url, String html, Viewport viewport) {
        WorkerPages.WorkerPage session = pages.acquire(browser, site);
        Page page = session.page();
        try {
            long timeout = options.pageTimeout().toMillis();
            page.setDefaultTimeout(timeout);
            session.resize(viewport.width(), viewport.height());
            load(session, url, html, timeout);
            Map<String, Object> found = measured(page.evaluate(MEASURE,
                    List.of(options.fullPage(), options.maxHeight(), viewport.width(), viewport.height())));
            int pageHeight = ((Number) found.get("height")).intValue();
            int pageWidth = ((Number) found.get("width")).intValue();
            int height = options.fullPage() ? Math.min(Math.max(pageHeight, viewport.height()), options.maxHeight()) : viewport.height();
            List<WordBox> lines;
            List<WordBox> words;
            List<Map<String, Object>> elements;
            try {
                if (((Number) found.get("imageHeight")).intValue() != height) {
                    throw new IllegalArgumentException("the page measured another image height");
                }
                lines = inside((List<?>) found.get("lines"), viewport.width(), height);
                words = inside((List<?>) found.get("words"), viewport.width(), height);
                elements = elements((List<?>) found.get("elements"), viewport.width(), height);
            } catch (RuntimeException e) {
                throw new UnreadableBoxes(e);
            }
            org.pairforge.markdown.PageMarkdown md = null;
            if (options.markdown().enabled()) {
                try {
                    md = WebMarkdown.write(words, (List<?>) found.get("marks"), (List<?>) found.get("pictures"), options.markdown());
                } catch (RuntimeException e) {
                    md = org.pairforge.markdown.PageMarkdown.failed("the page's structure could not be read: " + e);
                }
            }
            return new Shot(capture(session, viewport.width(), height), viewport.width(), height, pageWidth, pageHeight,
                    (String) found.get("text"), lines, words, elements, md);
        } catch (RuntimeException e) {
            pages.discard();
            throw e;
        } finally {
            pages.release(session);
        }
    }

    /**
     * With scripts off, the HTML is written into the page parked beside it: 8 ms instead of the 60 ms of
     * a navigation answered through the routes, with the same parser and the same base URL (every input is
     * served at the origin's top level). With scripts on, a page gets a real navigation in its fresh context,
     * so its scripts see a normal load.
     */
    private void load(WorkerPages.WorkerPage session, String url, String html, long timeout) {
        if (options.javaScript()) {
            session.site().allowNavigation(url);
            session.page().navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD).setTimeout(timeout));
            return;
        }
        // Parked in the page's own folder of the site, so its relative links resolve as they would from its URL.
        String blank = HermeticSite.blankBeside(url);
        if (!blank.equals(session.parkedAt)) {
            session.page().navigate(blank, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD).setTimeout(timeout));
            session.parkedAt = blank;
        }
        session.page().setContent(html, new Page.SetContentOptions().setWaitUntil(WaitUntilState.LOAD).setTimeout(timeout));
    }

    /**
     * The DevTools screenshot with {@code optimizeForSpeed}: Chromium encodes with its fastest settings,
     * a third less time per shot for PNGs about a third larger (Playwright's screenshot does not offer it).
     */
    private byte[] capture(WorkerPages.WorkerPage session, int width, int height) {
        JsonObject params = new JsonObject();
        boolean png = options.format().equals("png");
        params.addProperty("format", png ? "png" : "jpeg");
        if (!png) {
            params.addProperty("quality", 90);
        }
        params.addProperty("optimizeForSpeed", true);
        if (options.fullPage()) {
            JsonObject clip = new JsonObject();
            clip.addProperty("x", 0);
            clip.addProperty("y", 0);
            clip.addProperty("width", width);
            clip.addProperty("height", height);
            clip.addProperty("scale", 1);
            params.add("clip", clip);
            params.addProperty("captureBeyondViewport", true);
        }
        JsonObject result = session.devtools().send("Page.captureScreenshot", params);
        return Base64.getDecoder().decode(result.get("data").getAsString());
    }

    /** What {@link #MEASURE} returned. With scripts on, a page can tamper with what it runs on (JSON, DOM). */
    private static Map<String, Object> measured(Object returned) {
        try {
            Map<String, Object> found = JSON.readValue((String) returned,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            if (!(found.get("height") instanceof Number) || !(found.get("width") instanceof Number)
                    || !(found.get("imageHeight") instanceof Number) || !(found.get("lines") instanceof List)
                    || !(found.get("words") instanceof List) || !(found.get("elements") instanceof List)
                    || !(found.get("marks") instanceof List) || !(found.get("pictures") instanceof List)
                    || !(found.get("text") instanceof String)) {
                throw new IllegalArgumentException("fields missing");
            }
            return found;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new UnreadableBoxes(e);
        }
    }

    /** The page's text boxes came back as something else than the boxes script returns. */
    private static final class UnreadableBoxes extends RuntimeException {
        UnreadableBoxes(Exception cause) {
            super("the page's text boxes could not be read (" + cause.getMessage() + ")", cause);
        }
    }

    /** Word and line boxes, each wholly inside the image (the page measured them so; checked, as a page with scripts could lie). */
    private static List<WordBox> inside(List<?> boxes, int width, int height) {
        List<WordBox> out = new ArrayList<>(boxes.size());
        for (Object b : boxes) {
            List<?> box = (List<?>) b;
            int x0 = ((Number) box.get(0)).intValue(), y0 = ((Number) box.get(1)).intValue();
            int x1 = ((Number) box.get(2)).intValue(), y1 = ((Number) box.get(3)).intValue();
            if (x0 < 0 || y0 < 0 || x1 > width || y1 > height || x0 > x1 || y0 > y1) {
                throw new IllegalArgumentException("a box " + box + " outside the " + width + "x" + height + " image");
            }
            out.add(new WordBox(x0, y0, x1, y1, String.valueOf(box.get(4))));
        }
        return out;
    }

    private static final List<String> ELEMENT_FIELDS = List.of("tag", "role", "id", "class", "alt", "x0", "y0", "x1", "y1", "parent", "text");

    /**
     * The element tree as the page measured it, in a fixed field order (the shard's bytes do not depend on the
     * map the JSON parser made), checked: boxes inside the image, each parent an element listed before it.
     */
    private static List<Map<String, Object>> elements(List<?> found, int width, int height) {
        List<Map<String, Object>> out = new ArrayList<>(found.size());
        for (Object o : found) {
            Map<?, ?> e = (Map<?, ?>) o;
            Map<String, Object> m = new LinkedHashMap<>();
            for (String f : ELEMENT_FIELDS) {
                Object v = e.get(f);
                if (v instanceof Number n) {
                    v = n.intValue();
                } else if (v != null && !(v instanceof String)) {
                    throw new IllegalArgumentException("element field " + f + " is " + v);
                }
                if (v != null || f.equals("role") || f.equals("parent")) {
                    m.put(f, v);
                }
            }
            int x0 = (Integer) m.get("x0"), y0 = (Integer) m.get("y0"), x1 = (Integer) m.get("x1"), y1 = (Integer) m.get("y1");
            Object parent = m.get("parent");
            if (x0 < 0 || y0 < 0 || x1 > width || y1 > height || x0 >= x1 || y0 >= y1 || !(m.get("tag") instanceof String)
                    || (parent != null && (!(parent instanceof Integer p) || p < 0 || p >= out.size()))) {
                throw new IllegalArgumentException("an element " + m + " outside the image or the tree");
            }
            out.add(m);
        }
        return out;
    }

    /** A page made by a web template carries its template and drawn style in meta tags (see WebTemplates). */
    private static void putTemplateMeta(Map<String, Object> m, String html) {
        if (!html.contains("pairforge:")) {
            return;
        }
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
        org.jsoup.nodes.Element template = doc.selectFirst("meta[name=pairforge:template]");
        org.jsoup.nodes.Element style = doc.selectFirst("meta[name=pairforge:style]");
        if (template != null) {
            m.put("template", template.attr("content"));
        }
        if (style != null) {
            try {
                m.put("style", JSON.readValue(style.attr("content"),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
                // a page's own tag of that name that is not ours
            }
        }
    }

    private Sample sample(SourceData input, String key, Viewport viewport, Shot shot, EncodedImage image,
                          String html, Map<String, Object> templateMeta, int refused) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("source", input.ref().id());
        if (!input.ref().provenance().isEmpty()) {
            m.put("provenance", input.ref().provenance());
        }
        m.putAll(templateMeta);
        m.put("viewport", viewport.toString());
        m.put("device_scale_factor", 1);
        m.put("full_page", options.fullPage());
        m.put("page_height", shot.pageHeight());
        m.put("page_width", shot.pageWidth());
        if (options.fullPage() && shot.pageHeight() > options.maxHeight()) {
            m.put("truncated_at", options.maxHeight());
        }
        m.put("crops_page", shot.cropsPage());
        m.put("javascript", options.javaScript());
        m.put("media_type", image.mediaType());
        m.put("width", image.width());
        m.put("height", image.height());
        String sha = Hashing.sha256Hex(shot.image());
        m.put("sha256", sha);
        String dedupKey = Hashing.sha256Hex(sha + "\n" + html).substring(0, 32);
        m.put("dedup_key", dedupKey);
        if (refused > 0) {
            m.put("refused_fetches", refused);
        }
        m.put("text_boxes", shot.lines());
        m.put("words", shot.words());
        m.put("elements", shot.elements());
        Map<String, String> members = new LinkedHashMap<>();
        members.put("html", html);
        if (shot.markdown() != null) {
            shot.markdown().addTo(m, members, options.markdown(), image.width(), image.height());
        }
        m.put("pipeline_version", PairforgeVersion.VERSION);
        return new Sample(key, input.ref(), List.of(image), shot.text(), m, members, dedupKey);
    }
}
