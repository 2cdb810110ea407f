package org.pairforge.browser;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HtmlCharsetTest {
    private static final String HEAD_GB2312 = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>";

    @Test
    void aPageLabelledGb2312IsReadAsGbkLikeBrowsersDo() {
        // 镕 and 堃 are GBK, not GB2312: Java's strict GB2312 decoder turns them into U+FFFD.
        String body = "<p>朱镕基 王堃</p></body></html>";
        byte[] page = (HEAD_GB2312 + body).getBytes(Charset.forName("GBK"));
        assertEquals(HEAD_GB2312 + body, HtmlCharset.decode(page));
    }

    @Test
    void latin1LabelsMeanWindows1252() {
        String html = "<meta charset=iso-8859-1><p>\u201cquoted\u201d \u2014 caf\u00e9</p>";
        assertEquals(html, HtmlCharset.decode(html.getBytes(Charset.forName("windows-1252"))));
    }

    @Test
    void anUnlabelledPageIsUtf8WhenItsBytesAreAndWindows1252OtherwiseWithNoLabelReported() {
        String html = "<p>Größe, 北京, naïve</p>";
        byte[] utf8 = html.getBytes(StandardCharsets.UTF_8);
        assertNull(HtmlCharset.labelled(utf8));
        assertEquals(StandardCharsets.UTF_8, HtmlCharset.of(utf8));
        assertEquals(html, HtmlCharset.decode(utf8));
        String legacy = "<p>caf\u00e9 \u2014 r\u00e9sum\u00e9</p>";
        assertEquals(legacy, HtmlCharset.decode(legacy.getBytes(Charset.forName("windows-1252"))));
    }

    @Test
    void aByteOrderMarkWinsOverAMetaAndIsNotText() {
        byte[] bom = "\uFEFF<meta charset=gbk><p>北京</p>".getBytes(StandardCharsets.UTF_8);
        assertEquals(StandardCharsets.UTF_8, HtmlCharset.labelled(bom));
        assertEquals("<meta charset=gbk><p>北京</p>", HtmlCharset.decode(bom));
        byte[] utf16 = "\uFEFF<p>北京</p>".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("<p>北京</p>", HtmlCharset.decode(utf16));
    }

    @Test
    void aPageCannotDeclareItselfUtf16FromInsideNorByAnUnknownName() {
        byte[] utf16Label = "<meta charset=utf-16><p>x</p>".getBytes(StandardCharsets.US_ASCII);
        assertEquals(StandardCharsets.UTF_8, HtmlCharset.of(utf16Label));
        assertNull(HtmlCharset.labelled("<meta charset=no-such-thing><p>é</p>".getBytes(StandardCharsets.UTF_8)));
    }
}
