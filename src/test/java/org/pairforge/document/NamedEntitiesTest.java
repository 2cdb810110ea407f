package org.pairforge.document;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class NamedEntitiesTest {
    private static String numeric(String xml) {
        return new String(NamedEntities.toNumeric(xml.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void htmlNamesBecomeNumericReferences() {
        assertEquals("<p>a&#160;b&#8212;c caf&#233; &#189;</p>", numeric("<p>a&nbsp;b&mdash;c caf&eacute; &frac12;</p>"));
    }

    @Test
    void xmlsOwnNamesNumbersAndUnknownNamesStay() {
        String xml = "<p title=\"&quot;x&quot;\">&amp; &lt; &gt; &apos; &#233; &#xE9; &nosuchname; & alone &nbsp</p>";
        assertEquals(xml, numeric(xml));
    }

    @Test
    void referencesInAttributesAreRewrittenToo() {
        assertEquals("<img alt=\"&#8220;Fig&#8221;\"/>", numeric("<img alt=\"&ldquo;Fig&rdquo;\"/>"));
    }

    @Test
    void commentsCdataInstructionsAndTheDoctypeAreLeftAlone() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \"x.dtd\">"
                + "<!-- &nbsp; --><style><![CDATA[ a:after { content: \"&nbsp;\" } ]]></style><?pi &nbsp;?>";
        assertEquals(xml, numeric(xml));
    }

    @Test
    void aNameTheDocumentDeclaresKeepsItsOwnMeaning() {
        String xml = "<!DOCTYPE html [ <!ENTITY mdash \"--\"> <!ENTITY % p \"x\"> ]><p>&mdash; &ndash;</p>";
        assertEquals("<!DOCTYPE html [ <!ENTITY mdash \"--\"> <!ENTITY % p \"x\"> ]><p>&mdash; &#8211;</p>", numeric(xml));
    }

    @Test
    void bytesOfOtherEncodingsPassThroughUnchanged() {
        Charset gbk = Charset.forName("GBK");
        byte[] in = "<?xml version=\"1.0\" encoding=\"GBK\"?><p>汉字&nbsp;文本</p>".getBytes(gbk);
        assertEquals("<?xml version=\"1.0\" encoding=\"GBK\"?><p>汉字&#160;文本</p>",
                new String(NamedEntities.toNumeric(in), gbk));
        byte[] utf16 = "<p>&nbsp;</p>".getBytes(StandardCharsets.UTF_16);
        assertSame(utf16, NamedEntities.toNumeric(utf16), "UTF-16 is the parser's to decode");
    }
}
