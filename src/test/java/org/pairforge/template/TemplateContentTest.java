package org.pairforge.template;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The language a template's content is written in, which picks fonts and the template's own wording. */
class TemplateContentTest {
    @Test
    void chineseContentIsToldTraditionalOrSimplifiedByTheFormsItUses() throws Exception {
        TemplateContent analects = TemplateContent.load(TestData.corpus("zh").resolve("lunyu.json"));
        TemplateContent tang = TemplateContent.load(TestData.corpus("zh").resolve("tangshisanbaishou.json"));
        TemplateContent holmes = TemplateContent.load(TestData.corpus("ebooks/sherlock-holmes/src"));
        assertEquals("zh-CN", analects.language(), "this edition of the Analects is in simplified characters");
        assertEquals("zh-Hant", tang.language(), "the Tang poems are in traditional characters");
        assertEquals("en", holmes.language());
        assertTrue(tang.isChinese() && tang.isTraditionalChinese());
        assertTrue(analects.isChinese());
        assertFalse(analects.isTraditionalChinese() || holmes.isChinese());
    }
}
